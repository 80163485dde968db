"""An agenda version to read in the browser, a chapter to a page: the table of contents
(``contents``) and a chapter's content as HTML (``chapter_html``), the same content the
PDF prints (``html.chapter_content``).

A version never changes, nor do the history records its chapters point at: a chapter's
HTML is rendered once per version, record and language and then remembered
(``infra.caching``). It holds nothing that depends on who reads it; the links to act on
a chapter are the page's.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from agenda.governance.machine import is_numbered
from agenda.models import AgendaChapter, AgendaVersion, lead_choices
from agenda.pdf.html import as_stored, chapter_content
from infra.caching import remembered
from partners.models import SystemProvision
from teams.models import KIND_GROUPS


@dataclass
class Contents:
    """A version's chapters in agenda order, grouped as the agenda groups its teams."""

    groups: list[tuple[str, list[AgendaChapter]]]

    @property
    def chapters(self) -> list[AgendaChapter]:
        return [chapter for _label, chapters in self.groups for chapter in chapters]

    def around(self, number: int):
        """``(previous, chapter, next)`` for team ``number`` in reading order (``None``
        for what is not there), or ``None`` when the version has no such chapter."""
        chapters = self.chapters
        index = next((i for i, c in enumerate(chapters) if c.team.number == number), None)
        if index is None:
            return None
        return (
            chapters[index - 1] if index else None,
            chapters[index],
            chapters[index + 1] if index + 1 < len(chapters) else None,
        )


def contents(version: AgendaVersion) -> Contents:
    """The table of contents: the chapters with their teams, their texts unread."""
    chapters = list(version.chapters.select_related("team").order_by("team__number"))
    groups = [
        (label, [chapter for chapter in chapters if chapter.team.kind == kind])
        for kind, label in KIND_GROUPS
    ]
    return Contents([(label, items) for label, items in groups if items])


def chapter_html(version: AgendaVersion, chapter: AgendaChapter) -> SafeString:
    """What a chapter's page shows of the chapter (template
    ``agenda/_reading_chapter.html``), in the active language, from the cache when it
    has been rendered before. Reads the chapter's history record only then."""
    html = remembered(
        "reading-chapter",
        version.pk,
        version.compiled_at.isoformat(),  # an id may come back after a backup's restore
        chapter.record_id or 0,
        chapter.team.number,
        "numbered" if is_numbered(version) else "plain",  # a version's state moves on
        compute=lambda: _render(version, chapter),
    )
    return mark_safe(html)  # our template's output; the texts were sanitised when saved


def _render(version: AgendaVersion, chapter: AgendaChapter) -> str:
    provisions = list(SystemProvision.objects.all())
    content = chapter_content(
        chapter,
        provisions=provisions,
        leads=lead_choices(provisions),
        year=version.edition.programme_year,
        clean=as_stored,
        numbered=is_numbered(version),
        links=True,
    )
    return str(render_to_string("agenda/_reading_chapter.html", {"chapter": content}))
