"""A search result's headline costs the same for a chapter of 200 words and one of
17,000: it is cut from a bounded window of the stored plain text, around the first word
with a stem of the query (``agenda.texts.excerpts``)."""

from agenda import search as search_module
from agenda.models import Contribution, Edition
from agenda.services import ContributionContent, contribution_save
from agenda.texts import excerpts
from tests import factories

FILLER = "<p>" + " ".join(["bibliotheken werken samen in het netwerk"] * 1100) + "</p>"


def write(number: int, html: str):
    contribution = factories.contribution(number)
    return contribution_save(
        contribution=contribution,
        user=factories.team_user("writer", number=number),
        content=ContributionContent(context=html),
        base_revision=contribution.revision,
    )


def test_the_source_is_the_plain_text_and_where_each_stem_first_occurs():
    plain, offsets = excerpts.source(
        ["<p>De <b>bibliotheken</b> lezen.</p><p>Wij lazen</p>", {"1": "<p>Leest &amp; leest</p>"}]
    )
    assert plain == "De bibliotheken lezen. Wij lazen Leest & leest"
    assert offsets[excerpts.stem("bibliotheek")] == plain.index("bibliotheken")
    assert offsets[excerpts.stem("leest")] == plain.index("Leest")  # the first, not the second
    assert excerpts.stem("keys") not in offsets  # a JSON object's keys are not its text


def test_a_window_drops_the_words_its_edges_may_have_cut():
    part = "ken werken samen " + "x" * excerpts.WINDOW
    assert excerpts.trimmed(part, start=10).startswith("werken")
    assert excerpts.trimmed("werken samen", start=0) == "werken samen"
    assert len(excerpts.trimmed(part, start=10)) <= excerpts.WINDOW


def test_saving_the_text_keeps_its_source_and_history_leaves_it_out(cast):
    write(1, "<p>De boekenbus rijdt door <em>Drenthe</em>.</p>")
    stored = Contribution.objects.for_edition(Edition.objects.current()).get(team__number=1)
    assert "search_text" in stored.get_deferred_fields()  # pages do not read it
    stored.refresh_from_db(fields=["search_text", "stem_offsets"])
    assert stored.search_text.startswith("De boekenbus rijdt door Drenthe.")
    assert excerpts.stem("drenthe") in stored.stem_offsets
    record = stored.history.latest()
    assert not hasattr(record, "search_text")


def test_a_match_deep_in_a_long_chapter_is_headlined_from_a_bounded_window(cast, monkeypatch):
    write(1, FILLER + "<p>Hier staat de zeldzame kraanvogelregeling.</p>" + FILLER)
    headlined = []
    original = search_module._headline

    def spy(text, rows):
        headlined.extend(row.excerpt for row in rows)
        return original(text, rows)

    monkeypatch.setattr(search_module, "_headline", spy)
    hits = search_module.search(cast["writer"], "kraanvogelregeling", Edition.objects.current())
    assert len(FILLER) > 15 * excerpts.WINDOW
    assert [hit.title for hit in hits] == ["1. " + factories.contribution(1).team.name]
    assert "<mark>kraanvogelregeling</mark>" in hits[0].snippet
    assert headlined and all(len(excerpt) <= excerpts.WINDOW for excerpt in headlined)


def test_a_word_found_everywhere_is_headlined_from_its_first_place(cast):
    write(1, FILLER)
    hits = search_module.search(cast["writer"], "samen", Edition.objects.current())
    chapter = [hit for hit in hits if hit.title.startswith("1.")]
    assert chapter and chapter[0].snippet.startswith("bibliotheken werken <mark>samen</mark>")
    assert len(chapter[0].snippet) < excerpts.WINDOW
