"""Paragraph numbers: from the definitive concept on (``governance.machine.is_numbered``)
every paragraph, list item and action row of a chapter carries a number per chapter,
``4.12`` for the twelfth in chapter 4, shown in the margin of the PDF and of the reading
view and linkable as ``#p4.12``.

The numbers count in document order over the chapter's own texts (context, ambition,
each provision's text, the annual programme's introduction: ``aspects.texts``) and then
its action rows. Headings are not counted, nor are paragraphs without text; a paragraph
inside a list item belongs to the item. The numbers depend on nothing but the chapter's
own content and its team's number, so a change in another chapter leaves them as they
were. They are computed where the chapter is rendered, never stored.
"""

from dataclasses import replace

from django.utils.html import format_html

from agenda.texts.html import ParsedText, parse, serialise

MARKER_CLASS = "para-number"


def label(chapter: int, number: int) -> str:
    """``4.12``: how a paragraph's number reads."""
    return f"{chapter}.{number}"


def anchor(paragraph: str) -> str:
    """The id of the paragraph numbered ``paragraph`` (``4.12`` -> ``p4.12``)."""
    return f"p{paragraph}"


def numbered_elements(root) -> list:
    """The elements of a parsed text (``texts.html.parse``) that get a number, in
    document order: every list item, and every paragraph outside one, that holds text."""
    found = []
    for element in root.iter("p", "li"):
        if element.tag == "p" and any(a.tag == "li" for a in element.iterancestors()):
            continue
        if element.text_content().strip():
            found.append(element)
    return found


def count(html: str) -> int:
    """How many numbers a text takes."""
    return len(numbered_elements(parse(html)))


def number_text(html: str, *, chapter: int, first: int, link: bool) -> tuple[str, int]:
    """``html`` with each numbered element carrying ``id="p4.12"`` and, as its first
    child, the number to show in the margin: a link to itself (``link``, the reading
    view) or a plain ``<span>`` (the PDF, where it stays a Span inside its P). Counts
    from ``first``; returns the HTML and the number the next text starts at."""
    root = parse(html)
    elements = numbered_elements(root)
    for number, element in enumerate(elements, start=first):
        paragraph = label(chapter, number)
        element.set("id", anchor(paragraph))
        marker = element.makeelement("a" if link else "span", {"class": MARKER_CLASS})
        if link:
            marker.set("href", f"#{anchor(paragraph)}")
        marker.text = paragraph
        marker.tail = element.text
        element.text = None
        element.insert(0, marker)
    return (serialise(root) if elements else html), first + len(elements)


def number_chapter(
    chapter: int, texts: list[str], rows: int, *, link: bool
) -> tuple[list[str], list[str]]:
    """The one numbering of a chapter: its ``texts`` in agenda order, numbered
    (``number_text``), and the numbers of its ``rows`` action rows, which follow them."""
    numbered, following = [], 1
    for html in texts:
        html, following = number_text(html, chapter=chapter, first=following, link=link)
        numbered.append(html)
    return numbered, [label(chapter, following + row) for row in range(rows)]


def chapter_paragraphs(chapter: int, texts: list[str], rows: int) -> list[str]:
    """Every number a chapter has, in order (what a citation may point at)."""
    total = sum(count(html) for html in texts) + rows
    return [label(chapter, number) for number in range(1, total + 1)]


def block_labels(chapter: int, texts: list[str]) -> tuple[list[list[str]], int]:
    """For each of a chapter's ``texts`` (in agenda order), the number of each of its
    text blocks (``texts.html.text_blocks``: what a word diff compares), ``""`` for a
    block outside any numbered element (a heading); and the number the action rows
    start at. A paragraph broken by ``<br>`` is several blocks with one number."""
    result, following = [], 1
    for html in texts:
        parsed = ParsedText(html)
        elements = numbered_elements(parsed.root)
        numbers = {
            element: label(chapter, number)
            for number, element in enumerate(elements, start=following)
        }
        labels = []
        for block in range(len(parsed.blocks)):
            element = parsed.block_element(block)
            owner = next(
                (e for e in (element, *element.iterancestors()) if e in numbers),
                None,
            )
            labels.append(numbers[owner] if owner is not None else "")
        result.append(labels)
        following += len(elements)
    return result, following


def marker(paragraph: str):
    """The number as the changes between versions show it, inline before its text."""
    return format_html('<span class="{}">{}</span>', MARKER_CLASS, paragraph)


def number_sections(chapter: int, sections: list, rows: list[dict], *, link: bool):
    """A chapter as its readers see it (``aspects.Section`` list and labelled action
    rows), numbered by ``number_chapter``: the sections with numbered texts, and the rows
    each with its ``number``."""
    texts, numbers = number_chapter(
        chapter, [part.html for section in sections for part in section.parts], len(rows), link=link
    )
    numbered = iter(texts)
    sections = [
        replace(section, parts=[replace(part, html=next(numbered)) for part in section.parts])
        for section in sections
    ]
    return sections, [row | {"number": number} for row, number in zip(rows, numbers, strict=True)]
