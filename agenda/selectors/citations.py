"""Paragraph citations as readers see them: what someone wrote about a version, with each
``§4.12`` that the version has linked to that paragraph in its reading view
(``texts.citations``: the convention; ``texts.numbering``: the numbers)."""

from django.urls import reverse
from django.utils.safestring import SafeString

from agenda.governance.machine import is_numbered
from agenda.models import AgendaVersion, as_saved
from agenda.texts import citations, numbering
from infra.caching import remembered
from partners.models import SystemProvision


def paragraphs(version: AgendaVersion) -> frozenset[str]:
    """Every paragraph number of ``version`` (``4.12``), none before the definitive
    concept. Two queries the first time; then from the cache, by the version's id and
    the time it was compiled (what it froze never changes)."""
    if not is_numbered(version):
        return frozenset()
    return remembered(
        "paragraphs",
        version.pk,
        version.compiled_at.isoformat(),
        compute=lambda: frozenset(_paragraphs(version)),
    )


def _paragraphs(version: AgendaVersion) -> list[str]:
    provisions = list(SystemProvision.objects.all())
    found = []
    for chapter in version.chapters.select_related("team", "record"):
        if chapter.is_placeholder:
            continue
        saved = as_saved(chapter.record)
        texts = [html for _name, _label, html in saved.aspect_texts(provisions)]
        found += numbering.chapter_paragraphs(chapter.team.number, texts, len(saved.actions))
    return found


def cited(text: str, version: AgendaVersion | None) -> SafeString:
    """``text`` escaped with its line breaks (as ``linebreaksbr``), each citation of a
    paragraph ``version`` has a link to it. Looks at the version's paragraphs only when
    the text cites one."""
    if version is None or not citations.cites(text):
        return citations.linked(text, paragraphs=(), url=None)
    return citations.linked(
        text,
        paragraphs=paragraphs(version),
        url=lambda chapter: reverse(
            "agenda:agenda_version_read_chapter", args=[version.pk, chapter]
        ),
    )
