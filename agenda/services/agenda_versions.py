"""Writes of agenda versions: compile, and their PDFs."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from teams.models import Team
from teams.permissions import is_coordinator

from ..language import site_text
from ..models import (
    AgendaChapter,
    AgendaVersion,
    ChapterPdf,
    Contribution,
    Edition,
    NetworkText,
)
from ..tasks import request_render
from .errors import AgendaError

State = AgendaVersion.State


def latest_approved(model, obj):
    """The newest history record in which ``obj`` was approved, or None."""
    return (
        model.history.filter(id=obj.pk, state=Contribution.State.APPROVED)
        .order_by("-history_date", "-history_id")
        .first()
    )


def save_step(version, user, reason):
    version._history_user = user
    version._change_reason = reason
    version.save()


def stored_pdf_or_request(job):
    """The stored PDF of ``job`` (a version or a chapter PDF) when it is ready and its
    file is there, else None; a ready PDF whose file went missing (a restore without
    the media folder) is asked for again, so that it is made instead of a 500."""
    if not job.pdf_ready:
        return None
    if not job.pdf.file_exists:
        request_render(job)
        job.refresh_from_db()  # the immediate backend has made it already
        if not (job.pdf_ready and job.pdf.file_exists):
            return None
    return job.pdf


def chapter_pdf_for(*, version: AgendaVersion, team: Team) -> ChapterPdf:
    """The chapter's own PDF: rendered in the background on first request, then stored.

    A failed rendering stays failed (with its cause) until a coordinator retries it.
    """
    job, created = ChapterPdf.objects.select_related("pdf").get_or_create(
        version=version, team=team
    )
    if created:
        request_render(job)
        job.refresh_from_db()
    return job


def pdf_retry(*, job, user) -> None:
    """Render a failed or stuck PDF (of a version or a chapter) again; coordinators only."""
    if not is_coordinator(user):
        raise AgendaError(_("Only coordinators make a PDF again."))
    if job.pdf_status == job.PdfStatus.READY:
        raise AgendaError(_("This PDF is ready; there is nothing to make again."))
    request_render(job)


@transaction.atomic
def agenda_compile(*, edition: Edition, user) -> AgendaVersion:
    """Freeze the approved motto, manifesto and contributions into the next version.

    Each chapter points at the history record of its last approval, so the version
    never changes afterwards; teams without an approved contribution get a
    placeholder. Only coordinators compile. Refused when nothing was approved since
    the latest version (a double click makes one version). Enqueues the PDF.
    """
    if not is_coordinator(user):
        raise AgendaError(_("Only coordinators compile the agenda."))
    Edition.objects.select_for_update().get(pk=edition.pk)  # one number at a time
    versions = AgendaVersion.objects.for_edition(edition)
    texts = {t.kind: t for t in NetworkText.objects.filter(edition=edition)}
    motto, manifesto = (
        latest_approved(NetworkText, texts[kind]) if kind in texts else None
        for kind in (NetworkText.Kind.MOTTO, NetworkText.Kind.MANIFESTO)
    )
    contributions = {c.team_id: c for c in Contribution.objects.for_edition(edition)}
    records = {
        team.pk: latest_approved(Contribution, contributions[team.pk])
        if team.pk in contributions
        else None
        for team in Team.objects.all()
    }
    latest = versions.order_by("-sequence").first()
    if latest is not None and _frozen_content(latest) == _content_ids(motto, manifesto, records):
        raise AgendaError(
            _(
                "Nothing has been approved since version %(number)s, so a new version "
                "would be the same. Approve a changed chapter first."
            )
            % {"number": latest.number}
        )
    sequence = (latest.sequence if latest else 0) + 1
    ratified = versions.filter(state=State.RATIFIED).count()
    version = AgendaVersion(
        edition=edition,
        sequence=sequence,
        number=f"{ratified}.{sequence - _last_ratified_sequence(versions)}",
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


def _last_ratified_sequence(versions) -> int:
    last = versions.filter(state=State.RATIFIED).aggregate(Max("sequence"))["sequence__max"]
    return last or 0
