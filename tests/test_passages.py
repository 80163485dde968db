"""Finding a passage's paragraph again in a long text costs what the passage costs, not
what the text costs: an outdated proposal is shown beside today's paragraph most like it,
chosen among the few paragraphs that share its rarest words."""

import difflib

import pytest

from agenda.texts import passages
from agenda.texts.html import ParsedText

FILLER = "<p>Bibliotheken lenen boeken uit aan iedereen in de gemeente {n}.</p>"


def chapter(paragraphs: int, *extra: str) -> ParsedText:
    return ParsedText("".join(FILLER.format(n=n) for n in range(paragraphs)) + "".join(extra))


def test_the_paragraph_most_like_the_quote_is_found_among_many():
    parsed = chapter(
        300,
        "<p>Het Taalhuis helpt laaggeletterden met lezen en schrijven.</p>",
        "<p>Het Taalhuis is open op dinsdag.</p>",
    )
    found = passages.most_like(parsed, "Het Taalhuis helpt laaggeletterde mensen met lezen")
    assert found == "Het Taalhuis helpt laaggeletterden met lezen en schrijven."


def test_nothing_like_it_and_an_empty_text_are_told_apart():
    assert passages.most_like(chapter(5), "Zwembad parkeerplaats") is None
    assert passages.most_like(ParsedText(""), "Taalhuis") == ""


@pytest.mark.parametrize("paragraphs", [10, 3000])
def test_at_most_a_few_paragraphs_are_compared_closely_whatever_the_length(paragraphs, monkeypatch):
    compared = []
    matcher = difflib.SequenceMatcher

    def counting(*args, **kwargs):
        compared.append(args[1])
        return matcher(*args, **kwargs)

    monkeypatch.setattr(passages.difflib, "SequenceMatcher", counting)
    parsed = chapter(paragraphs, "<p>Het Taalhuis helpt laaggeletterden.</p>")
    assert passages.most_like(parsed, "Bibliotheken lenen boeken uit, Taalhuis") is not None
    assert 1 <= len(compared) <= passages.CANDIDATES


def test_context_is_compared_near_the_passage_only():
    """Choosing between repeated words reads the context around each, not the text
    before it: the same choice in a short and a long text."""
    tail = "<p>Lezen is fijn en lezen helpt.</p>"
    for text in (tail, "".join(FILLER.format(n=n) for n in range(2000)) + tail):
        plain = ParsedText(text).plain
        start = passages.locate(plain, passages.Quote("lezen", prefix="fijn en ", suffix=" helpt"))
        assert plain[start - len("fijn en ") : start] == "fijn en "
