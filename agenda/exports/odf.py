"""A chapter, and a whole agenda version, as an OpenDocument text (.odt) beside the .docx:
ODF is on the Dutch "pas toe of leg uit" list of open standards for revisable documents.

odfpy writes the document. The rich text is the editor's small, sanitised vocabulary
(paragraphs, headings 3-4, bulleted and numbered lists, bold, italic, links and line
breaks: ``texts.richtext.EDITOR_EXTENSIONS``), so a short walk over its HTML maps each
element to its ODF counterpart; anything else keeps only its text.
"""

from html.parser import HTMLParser
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from odf import dc, meta
from odf.opendocument import OpenDocumentText
from odf.style import (
    ListLevelProperties,
    ParagraphProperties,
    Style,
    TableColumnProperties,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import (
    A,
    H,
    LineBreak,
    List,
    ListItem,
    ListLevelStyleBullet,
    ListLevelStyleNumber,
    ListStyle,
    P,
    Span,
)

ODT_TYPE = "application/vnd.oasis.opendocument.text"
LANGUAGE = ("nl", "NL")


class _Styles:
    """The few named styles the documents use, registered once per document."""

    def __init__(self, document: OpenDocumentText):
        self.bold = Style(name="Strong", family="text")
        self.bold.addElement(TextProperties(fontweight="bold"))
        self.italic = Style(name="Emphasis", family="text")
        self.italic.addElement(TextProperties(fontstyle="italic"))
        self.table_heading = Style(name="TableHeading", family="paragraph")
        self.table_heading.addElement(TextProperties(fontweight="bold"))
        self.meta = Style(name="Metadata", family="paragraph")
        self.meta.addElement(ParagraphProperties(marginbottom="0.2cm"))
        self.meta.addElement(TextProperties(fontstyle="italic"))
        self.headings = {}
        for level, size in ((1, "18pt"), (2, "15pt"), (3, "13pt"), (4, "11.5pt"), (5, "11pt")):
            style = Style(name=f"Heading_{level}", family="paragraph", defaultoutlinelevel=level)
            style.addElement(TextProperties(fontsize=size, fontweight="bold"))
            style.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
            self.headings[level] = style
        for style in (
            self.bold,
            self.italic,
            self.table_heading,
            self.meta,
            *self.headings.values(),
        ):
            document.styles.addElement(style)
        self.bullets = ListStyle(name="Bullets")
        self.numbers = ListStyle(name="Numbers")
        for depth in range(1, 4):
            indent = ListLevelProperties(spacebefore=f"{0.6 * depth:.1f}cm", minlabelwidth="0.5cm")
            bullet = ListLevelStyleBullet(level=depth, bulletchar="•")
            bullet.addElement(indent)
            self.bullets.addElement(bullet)
            number = ListLevelStyleNumber(level=depth, numformat="1", numsuffix=".")
            number.addElement(
                ListLevelProperties(spacebefore=f"{0.6 * depth:.1f}cm", minlabelwidth="0.5cm")
            )
            self.numbers.addElement(number)
        document.styles.addElement(self.bullets)
        document.styles.addElement(self.numbers)
        self.column = Style(name="ActionColumn", family="table-column")
        self.column.addElement(TableColumnProperties(columnwidth="4cm"))
        document.automaticstyles.addElement(self.column)


class _RichText(HTMLParser):
    """Appends the editor's HTML to an ODF element as paragraphs, headings and lists.

    ``heading_offset`` moves the editor's headings (3 and 4) below the document's own.
    """

    def __init__(self, parent, styles: _Styles, *, heading_offset: int):
        super().__init__(convert_charrefs=True)
        self.styles = styles
        self.offset = heading_offset
        self.containers = [parent]  # where the next block goes (the document, a list item)
        self.inline = []  # the open inline elements, innermost last
        self.block = None

    def _start_block(self, element):
        self.containers[-1].addElement(element)
        self.block, self.inline = element, [element]

    def _current(self):
        if self.block is None:  # text outside a block: give it a paragraph
            self._start_block(P())
        return self.inline[-1]

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._start_block(P())
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            level = min(5, max(1, int(tag[1]) - 3 + self.offset))
            self._start_block(H(outlinelevel=level, stylename=self.styles.headings[level]))
        elif tag in {"ul", "ol"}:
            style = self.styles.bullets if tag == "ul" else self.styles.numbers
            odf_list = List(stylename=style)
            self.containers[-1].addElement(odf_list)
            self.containers.append(odf_list)
            self.block = None
        elif tag == "li":
            item = ListItem()
            self.containers[-1].addElement(item)
            self.containers.append(item)
            self.block = None
        elif tag in {"strong", "b", "em", "i"}:
            style = self.styles.bold if tag in {"strong", "b"} else self.styles.italic
            span = Span(stylename=style)
            self._current().addElement(span)
            self.inline.append(span)
        elif tag == "a":
            link = A(type="simple", href=dict(attrs).get("href") or "")
            self._current().addElement(link)
            self.inline.append(link)
        elif tag == "br":
            self._current().addElement(LineBreak())

    def handle_endtag(self, tag):
        if tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6"}:
            self.block, self.inline = None, []
        elif tag in {"ul", "ol", "li"}:
            if len(self.containers) > 1:
                self.containers.pop()
            self.block, self.inline = None, []
        elif tag in {"strong", "b", "em", "i", "a"} and len(self.inline) > 1:
            self.inline.pop()

    def handle_data(self, data):
        if self.block is None and not data.strip():
            return  # whitespace between blocks
        self._current().addText(data)


class _Writer:
    """One .odt being written: metadata, headings, rich text and action tables."""

    def __init__(self, *, title: str, description: str):
        self.document = OpenDocumentText()
        self.styles = _Styles(self.document)
        self.document.meta.addElement(dc.Title(text=title))
        self.document.meta.addElement(dc.Description(text=description))
        self.document.meta.addElement(dc.Language(text="-".join(LANGUAGE)))
        self.document.meta.addElement(meta.InitialCreator(text=_("Netwerkagenda portal")))
        self.document.meta.addElement(dc.Date(text=timezone.now().strftime("%Y-%m-%dT%H:%M:%S")))
        self.document.meta.addElement(meta.Generator(text="Netwerkagenda portal (odfpy)"))

    def heading(self, text: str, level: int):
        self.document.text.addElement(
            H(outlinelevel=level, stylename=self.styles.headings[level], text=str(text))
        )

    def paragraph(self, text: str, *, metadata: bool = False):
        kwargs = {"stylename": self.styles.meta} if metadata else {}
        self.document.text.addElement(P(text=str(text), **kwargs))

    def rich(self, html: str, *, heading_offset: int):
        parser = _RichText(self.document.text, self.styles, heading_offset=heading_offset)
        parser.feed(html or "")
        parser.close()

    def action_table(self, rows: list[dict], *, name: str):
        if not rows:
            self.paragraph(_("No actions yet."))
            return
        headings = [_("Activity"), _("Lead"), _("Quarters"), _("Result")]
        table = Table(name=name)
        table.addElement(
            TableColumn(numbercolumnsrepeated=len(headings), stylename=self.styles.column)
        )
        header = TableRow()
        for heading in headings:
            cell = TableCell(valuetype="string")
            cell.addElement(P(stylename=self.styles.table_heading, text=str(heading)))
            header.addElement(cell)
        table.addElement(header)
        for row in rows:
            values = [
                row.get("activity", ""),
                row.get("lead_label", ""),
                ", ".join(row.get("quarter_labels", [])),
                row.get("result", ""),
            ]
            table_row = TableRow()
            for value in values:
                cell = TableCell(valuetype="string")
                for line in str(value).splitlines() or [""]:
                    cell.addElement(P(text=line))
                table_row.addElement(cell)
            table.addElement(table_row)
        self.document.text.addElement(table)

    def sections(self, sections, actions: list[dict], *, level: int, table_name: str):
        """A chapter's aspects (``aspects.sections``) from heading ``level`` down."""
        for section in sections:
            self.heading(section.heading, level)
            for part in section.parts:
                if not part.shown:
                    continue
                if part.text.subheading:
                    self.heading(part.text.subheading, level + 1)
                if part.html:
                    self.rich(part.html, heading_offset=level + 1)
            if section.aspect.has_table:
                self.action_table(actions, name=table_name)

    def bytes(self) -> bytes:
        output = BytesIO()
        self.document.write(output)
        return output.getvalue()


def chapter_odt(contribution) -> bytes:
    """The chapter as it is now: its four aspects and the action table, with the edition,
    the state and the export time as metadata (as ``docx.chapter_docx``)."""
    title = f"{contribution.team.number}. {contribution.team.name}"
    about = _("%(edition)s · state: %(state)s · exported on %(date)s") % {
        "edition": contribution.edition.name,
        "state": contribution.get_state_display(),
        "date": timezone.localtime().strftime("%d-%m-%Y %H:%M"),
    }
    writer = _Writer(title=title, description=about)
    writer.heading(title, 1)
    writer.paragraph(about, metadata=True)
    writer.paragraph(
        _(
            "Changes to this text go through the portal: propose them on the chapter's page. "
            "This document is not read back."
        )
    )
    writer.sections(
        contribution.aspect_sections(),
        contribution.action_rows(),
        level=2,
        table_name=_("Actions"),
    )
    return writer.bytes()


def version_odt(version, context: dict) -> bytes:
    """A whole agenda version as the reading view shows it: motto, manifesto and every
    chapter (placeholders named), with the version's number, state and edition.
    ``context`` is what the print template shows (``pdf.html.version_context``)."""
    title = f"{version.edition.name} - {_('version')} {version.number}"
    about = _("Version %(number)s · state: %(state)s · compiled on %(date)s") % {
        "number": version.number,
        "state": version.get_state_display(),
        "date": timezone.localtime(version.compiled_at).strftime("%d-%m-%Y"),
    }
    writer = _Writer(title=title, description=about)
    writer.heading(title, 1)
    writer.paragraph(about, metadata=True)
    if context["motto"] or context["manifesto"]:
        writer.heading(_("Motto and manifesto"), 2)
        for heading, html in (
            (_("Motto"), context["motto"]),
            (_("Manifesto"), context["manifesto"]),
        ):
            if html:
                writer.heading(heading, 3)
                writer.rich(html, heading_offset=4)
    for label, chapters in context["groups"]:
        writer.heading(label, 2)
        for chapter in chapters:
            team = chapter["team"]
            writer.heading(f"{team.number}. {team.name}", 3)
            if chapter["placeholder"]:
                writer.paragraph(_("Placeholder: this team has no approved contribution yet."))
                continue
            writer.sections(
                chapter["sections"],
                chapter["actions"],
                level=4,
                table_name=f"{_('Actions')} {team.number}",
            )
    return writer.bytes()


__all__ = ["ODT_TYPE", "chapter_odt", "version_odt"]
