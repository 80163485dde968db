"""Compiling: the approved motto, manifesto and chapters frozen into the next agenda
version, the first state of the governance machine."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agenda.errors import AgendaError
from agenda.models import (
    AgendaChapter,
    AgendaVersion,
    Contribution,
    Edition,
    NetworkText,
)
from agenda.pdf.tasks import request_render
from agenda.permissions import can_compile
from infra.language import site_text
from teams.models import Team

State = AgendaVersion.State


def latest_approved(model, obj):
    """The newest history record in which ``obj`` was approved, or None."""
    return (
        model.history.filter(id=obj.pk, state=Contribution.State.APPROVED)
        .order_by("-history_date", "-history_id")
        .first()
    )


def save_step(version, user, reason):
    """Save ``version`` with one history record naming ``user`` and ``reason``."""
    version._history_user = user
    version._change_reason = reason
    version.save()


@transaction.atomic
def agenda_compile(*, edition: Edition, user) -> AgendaVersion:
    """Freeze the approved motto, manifesto and contributions into the next version.

    Each chapter points at the history record of its last approval, so the version
    never changes afterwards; teams without an approved contribution get a
    placeholder. Only coordinators compile. Refused when nothing was approved since
    the latest version (a double click makes one version). Enqueues the PDF.
    """
    if not can_compile(user):
        raise AgendaError(_("Only coordinators compile the agenda."))
    Edition.objects.select_for_update().get(pk=edition.pk)  # one number at a time
    versions = AgendaVersion.objects.for_edition(edition)
    content = compile_content(edition)
    motto, manifesto, records, latest = (
        content.motto,
        content.manifesto,
        content.records,
        content.latest,
    )
    if content.refusal:
        raise AgendaError(content.refusal)
    version = AgendaVersion(
        edition=edition,
        sequence=(latest.sequence if latest else 0) + 1,
        number=versions.next_number(),
        compiled_at=timezone.now(),
        compiled_by=user,
        motto=motto,
        manifesto=manifesto,
    )
    save_step(version, user, site_text(gettext_noop("Compiled")))
    AgendaChapter.objects.bulk_create(
        AgendaChapter(version=version, team_id=team_id, record=record)
        for team_id, record in records.items()
    )
    request_render(version)
    return version


@dataclass(frozen=True)
class CompileContent:
    """What compiling now would freeze: the motto's and the manifesto's and every team's
    latest approved history record (None: a placeholder), next to the latest version."""

    edition: Edition
    teams: list
    motto: object | None
    manifesto: object | None
    records: dict  # team id -> history record or None
    latest: AgendaVersion | None

    @property
    def changes_anything(self) -> bool:
        """False when the result would equal the latest version (``agenda_compile`` then
        refuses): nothing was approved since."""
        if self.latest is None:
            return True
        return _frozen_content(self.latest) != _content_ids(
            self.motto, self.manifesto, self.records
        )

    @property
    def refusal(self) -> str | None:
        """Why compiling now is refused (the page says it before the button), or None."""
        if self.changes_anything:
            return None
        return _(
            "Nothing has been approved since version %(number)s, so a new version "
            "would be the same. Approve a changed chapter first."
        ) % {"number": self.latest.number}

    def changed_since_approval(self) -> list:
        """The teams whose chapter was approved before and is being changed now (no
        longer approved): compiling takes their last approved text."""
        states = dict(
            Contribution.objects.filter(team__in=self.teams, edition=self.edition).values_list(
                "team_id", "state"
            )
        )
        return [
            team
            for team in self.teams
            if self.records[team.pk] is not None
            and states.get(team.pk) != Contribution.State.APPROVED
        ]

    @property
    def placeholders(self) -> list:
        """The teams that get a placeholder: never approved."""
        return [team for team in self.teams if self.records[team.pk] is None]


def compile_content(edition: Edition) -> CompileContent:
    """What ``agenda_compile`` would freeze now, for it and for the page that asks to
    confirm it. A fixed number of queries, however long the histories are."""
    texts = _with_latest_approved(NetworkText.objects.filter(edition=edition).only("kind"))
    chapters = _with_latest_approved(Contribution.objects.for_edition(edition).only("team"))
    approved = {c.team_id: c.approved_id for c in chapters}
    ids = {t.kind: t.approved_id for t in texts}
    shown = ("history_id", "history_date", "id")  # never the texts
    text_records = NetworkText.history.only(*shown).in_bulk([i for i in ids.values() if i])
    records = Contribution.history.only(*shown).in_bulk([i for i in approved.values() if i])
    teams = list(Team.objects.order_by("number"))
    return CompileContent(
        edition=edition,
        teams=teams,
        motto=text_records.get(ids.get(NetworkText.Kind.MOTTO)),
        manifesto=text_records.get(ids.get(NetworkText.Kind.MANIFESTO)),
        records={team.pk: records.get(approved.get(team.pk)) for team in teams},
        latest=AgendaVersion.objects.for_edition(edition).order_by("-sequence").first(),
    )


def _with_latest_approved(queryset):
    """``queryset`` with ``approved_id``: the id of each object's latest approved record
    (``latest_approved`` for many objects in one query)."""
    approved = (
        queryset.model.history.filter(id=OuterRef("pk"), state=Contribution.State.APPROVED)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return queryset.annotate(approved_id=Subquery(approved))


def _content_ids(motto, manifesto, records) -> tuple:
    """What a version freezes, as history ids: equal ids mean equal content."""
    return (
        getattr(motto, "pk", None),
        getattr(manifesto, "pk", None),
        {team_id: getattr(record, "pk", None) for team_id, record in records.items()},
    )


def _frozen_content(version: AgendaVersion) -> tuple:
    return (
        version.motto_id,
        version.manifesto_id,
        dict(version.chapters.values_list("team_id", "record_id")),
    )


def ready_to_compile(edition: Edition) -> bool:
    """Every chapter is approved now, and the latest version (if any) has a placeholder
    or an older approval of one of them: time to compile."""
    chapters = Contribution.objects.for_edition(edition)
    if chapters.exclude(state=Contribution.State.APPROVED).exists():
        return False
    content = compile_content(edition)
    return not content.placeholders and content.changes_anything
