"""The HTML that WeasyPrint turns into the agenda PDF (template ``agenda/print/agenda.html``)."""

import re
from dataclasses import replace

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from agenda.governance.machine import is_numbered
from agenda.models import AgendaVersion, as_saved, labelled_actions, lead_choices
from agenda.selectors.comparisons import redline
from agenda.texts import aspects, numbering, richtext
from partners.models import Partner, SystemProvision
from teams.models import KIND_GROUPS, Membership, Team
from teams.permissions import coordinator_ids

_TEXT_HEADING = re.compile(r"<(/?)h([34])\b([^>]*)>")


def headings_below(html: str, level: int) -> str:
    """A text's own headings (the editor's h3 and h4) as the levels below ``level``, the
    heading the text stands under, so that no level is skipped (PDF/UA-1); a heading
    that would pass h6 becomes a paragraph styled as one."""

    def shifted(match) -> str:
        closing, depth, attributes = match.groups()
        new = level + int(depth) - 2
        if new > 6:
            return "</p>" if closing else f'<p class="rich__heading"{attributes}>'
        return f"<{closing}h{new}{attributes}>"

    return _TEXT_HEADING.sub(shifted, html)


def _below_headings(part, aspect_level: int):
    """A part under its aspect's heading, or under its own subheading (a provision's)."""
    level = aspect_level + 1 if part.text.subheading else aspect_level
    return replace(part, html=headings_below(part.html, level))


def chapter_content(
    chapter, *, provisions, leads, year, clean, aspect_level=None, numbered=False, links=False
) -> dict:
    """What the print template (and a chapter's page in the reading view,
    ``reading.chapter_page``) shows of one frozen chapter (or its placeholder). With
    ``aspect_level`` (the level of the aspects' headings), the texts' own headings move
    below the heading they stand under (``headings_below``). ``numbered``: its paragraphs
    and action rows carry their numbers (``numbering.number_sections``), with ``links``
    to themselves."""
    if chapter.is_placeholder:
        return {"team": chapter.team, "placeholder": True}
    contribution = as_saved(chapter.record)
    sections = [
        section.cleaned(clean) for section in aspects.sections(contribution, provisions, year=year)
    ]
    actions = labelled_actions(contribution.actions, leads=leads)
    if numbered:
        sections, actions = numbering.number_sections(
            chapter.team.number, sections, actions, link=links
        )
    if aspect_level is not None:
        sections = [
            replace(section, parts=[_below_headings(part, aspect_level) for part in section.parts])
            for section in sections
        ]
    return {
        "team": chapter.team,
        "placeholder": False,
        "sections": sections,
        "actions": actions,
        "numbered": numbered,
        "approved_at": chapter.record.history_date,
    }


def annex():
    """Team compositions: organisations and roles always, names only of people who agreed."""
    memberships = Membership.objects.select_related("user__organisation").order_by(
        "team__number", "role", "user__last_name"
    )
    by_team = {}
    for membership in memberships:
        by_team.setdefault(membership.team_id, []).append(
            {
                "name": consented_name(membership.user),
                "organisation": membership.user.organisation,
                "role": membership.get_role_display(),
            }
        )
    return [(team, by_team.get(team.pk, [])) for team in Team.objects.all()]


def consented_name(user) -> str:
    """The person's name if they agreed to be named in published documents
    (``User.name_public``), else the empty string."""
    return str(user) if user.name_public else ""


def public_name(user, coordinators: set[int]) -> str:
    """How a printed document names a person: by name only with their consent
    (``User.name_public``), otherwise by role and organisation."""
    if user is None:
        return "-"
    if name := consented_name(user):
        return name
    if user.pk in coordinators:
        role = _("coordinator")
    elif user.partner_id:
        role = _("representative of %(partner)s") % {"partner": user.partner.code}
    else:
        role = _("participant")
    return f"{role}, {user.organisation}" if user.organisation_id else str(role)


def steps(version: AgendaVersion) -> list[dict]:
    """The version's history for the colophon, with consent-respecting names."""
    records = version.history.select_related(
        "history_user__organisation", "history_user__partner"
    ).order_by("history_date")
    coordinators = coordinator_ids()
    return [
        {
            "date": record.history_date,
            "reason": record.history_change_reason,
            "state": record.get_state_display(),
            "who": public_name(record.history_user, coordinators),
        }
        for record in records
    ]


def as_stored(html: str) -> str:
    """Text as it was saved (and sanitised then): for pages, where nothing fetches what
    the HTML names."""
    return html


def version_context(
    version: AgendaVersion, *, only_team: Team | None = None, resanitise: bool = True
) -> dict:
    """What the print template (and the reading view) shows of ``version``.

    Texts were sanitised when they were saved (``services.contributions``, the only way
    in). The PDF sanitises them once more (``resanitise``), since WeasyPrint fetches
    what the HTML names; the reading view shows them as stored, as the chapter page does.
    """
    clean = richtext.clean if resanitise else as_stored
    provisions = list(SystemProvision.objects.all())
    leads = lead_choices(provisions)
    chapters = [
        chapter_content(
            chapter,
            provisions=provisions,
            leads=leads,
            year=version.edition.programme_year,
            clean=clean,
            aspect_level=3 if only_team else 4,  # as the print template's headings
            numbered=is_numbered(version),
        )
        for chapter in version.chapters.select_related("team", "record")
        if only_team is None or chapter.team_id == only_team.pk
    ]
    groups = [
        (label, [c for c in chapters if c["team"].kind == kind]) for kind, label in KIND_GROUPS
    ]
    return {
        "version": version,
        "edition": version.edition,
        "is_concept": not version.is_final,
        "only_team": only_team,
        "partners": Partner.objects.all(),
        "milestones": version.edition.milestones.all(),
        "steps": steps(version),
        "responses": version.responses.select_related("partner") if only_team is None else [],
        "motto": clean(version.motto.body) if version.motto else "",
        "manifesto": clean(version.manifesto.body) if version.manifesto else "",
        "groups": [(label, items) for label, items in groups if items],
        "annex": annex() if only_team is None else [],
    }


def version_html(
    version: AgendaVersion, *, only_team: Team | None = None, language: str | None = None
) -> str:
    """The print HTML of a version (or of one team's chapter), in the site's language or,
    for a chapter, the ``language`` asked for."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return render_to_string(
            "agenda/print/agenda.html", version_context(version, only_team=only_team)
        )


def redline_html(old: AgendaVersion, new: AgendaVersion) -> str:
    """The print HTML of the changes between two versions (``comparisons.redline``), in
    the site's language. The diffs are made of escaped plain text, so there is nothing
    to sanitise."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "agenda/print/redline.html",
            {
                "old": old,
                "new": new,
                "edition": new.edition,
                "partners": Partner.objects.all(),
                "parts": redline(old, new),
                "numbered": is_numbered(new),
                "old_numbered": is_numbered(old),
            },
        )
