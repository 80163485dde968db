"""Writes for agenda versions: compile, governance steps, partner responses and decisions."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from teams.models import Team
from teams.permissions import can_represent, is_coordinator

from ..governance import STEPS, Step
from ..models import (
    AgendaChapter,
    AgendaVersion,
    ChapterPdf,
    Contribution,
    Edition,
    NetworkText,
    PartnerDecision,
    PartnerResponse,
)
from ..models.versions import DECIDING_PARTNERS
from ..tasks import request_render
from .contributions import AgendaError, site_text

State = AgendaVersion.State


def latest_approved(model, obj):
    """The newest history record in which ``obj`` was approved, or None."""
    return (
        model.history.filter(id=obj.pk, state=Contribution.State.APPROVED)
        .order_by("-history_date", "-history_id")
        .first()
    )


def _save_step(version, user, reason):
    version._history_user = user
    version._change_reason = reason
    version.save()


def request_pdf(version: AgendaVersion) -> None:
    """Mark the version's PDF as being made and enqueue the rendering after commit."""
    request_render(version)


def chapter_pdf_for(*, version: AgendaVersion, team: Team) -> ChapterPdf:
    """The chapter's own PDF: rendered in the background on first request, then stored.

    A failed rendering stays failed (with its cause) until a coordinator retries it;
    a stored PDF whose file went missing is made again.
    """
    job, created = ChapterPdf.objects.select_related("pdf").get_or_create(
        version=version, team=team
    )
    if created or (job.pdf_ready and not job.pdf.file.storage.exists(job.pdf.file.name)):
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
    _save_step(version, user, site_text(gettext_noop("Compiled")))
    AgendaChapter.objects.bulk_create(
        AgendaChapter(version=version, team_id=team_id, record=record)
        for team_id, record in records.items()
    )
    request_pdf(version)
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


@transaction.atomic
def agenda_step(*, version: AgendaVersion, user, step: str, reason: str = "") -> AgendaVersion:
    """Take one governance step of ``governance.STEPS`` (coordinators only).

    Refuses the definitive concept while a chapter is a placeholder, and the
    ratification unless VOB, SPN and KB all approved in the current round.
    """
    locked = AgendaVersion.objects.select_for_update().select_related("edition").get(pk=version.pk)
    step = Step(step)
    if not is_coordinator(user):
        raise AgendaError(_("Only coordinators move the agenda through its governance."))
    target = STEPS.get((locked.state, step))
    if target is None:
        raise AgendaError(
            _("Version %(number)s is now '%(state)s', so '%(step)s' is not possible.")
            % {"number": locked.number, "state": locked.get_state_display(), "step": step.label}
        )
    if target == State.DEFINITIVE_CONCEPT:
        missing = [c.team.name for c in locked.chapters.select_related("team") if c.is_placeholder]
        if missing:
            raise AgendaError(
                _("A definitive concept needs all twelve chapters; not yet approved: %(teams)s.")
                % {"teams": ", ".join(missing)}
            )
    if step == Step.TO_DECISION:
        locked.decision_round += 1
    if step == Step.RATIFY:
        _check_ratifiable(locked)
        locked.number = f"{_ratified_count(locked) + 1}.0"
    locked.state = target
    _save_step(locked, user, reason.strip() or site_text(step.label))
    request_pdf(locked)
    return locked


def _ratified_count(version) -> int:
    return AgendaVersion.objects.filter(edition=version.edition, state=State.RATIFIED).count()


def _check_ratifiable(version):
    decisions = {
        d.partner.code: d.decision
        for d in version.decisions.filter(round=version.decision_round).select_related("partner")
    }
    waiting = [code for code in DECIDING_PARTNERS if code not in decisions]
    if waiting or set(decisions.values()) != {PartnerDecision.Decision.APPROVE}:
        raise AgendaError(
            _("Ratification needs the approval of VOB, SPN and KB; still waiting for: %(codes)s.")
            % {"codes": ", ".join(waiting) or "-"}
        )
    if _ratified_count(version):
        raise AgendaError(_("This edition already has a ratified agenda."))


@transaction.atomic
def partner_response_record(*, version: AgendaVersion, user, partner, text: str):
    """Record (or correct) a constituency's response while the version is in consultation."""
    locked = AgendaVersion.objects.select_for_update().get(pk=version.pk)
    if not can_represent(user, partner):
        raise AgendaError(_("You can only respond for the partner you represent."))
    if locked.state != State.CONSULTATION:
        raise AgendaError(_("Responses are recorded while the version is in consultation."))
    if not text.strip():
        raise AgendaError(_("Write the response of your constituency."))
    response, _created = PartnerResponse.objects.update_or_create(
        version=locked,
        partner=partner,
        defaults={"text": text.strip(), "recorded_by": user, "recorded_at": timezone.now()},
    )
    _save_step(
        locked,
        user,
        site_text(gettext_noop("Response of %(partner)s recorded"), partner=partner.code),
    )
    return response


@transaction.atomic
def partner_decision_record(*, version: AgendaVersion, user, partner, decision: str, note: str):
    """A board's decision (VOB, SPN or KB) in the current decision round.

    A rejection (with a note) sends the version back to the definitive concept,
    with the reasons kept and shown to everyone.
    """
    locked = AgendaVersion.objects.select_for_update().get(pk=version.pk)
    if partner.code not in DECIDING_PARTNERS:
        raise AgendaError(_("Only the boards of VOB, SPN and KB decide on the agenda."))
    if not can_represent(user, partner):
        raise AgendaError(_("You can only decide for the partner you represent."))
    if locked.state != State.DECISION:
        raise AgendaError(_("Decisions are recorded while the version is with the boards."))
    if decision not in PartnerDecision.Decision.values:
        raise AgendaError(_("Choose approve or reject."))
    if decision == PartnerDecision.Decision.REJECT and not note.strip():
        raise AgendaError(_("Give the reasons for the rejection."))
    if locked.decisions.filter(partner=partner, round=locked.decision_round).exists():
        raise AgendaError(
            _("%(partner)s has already decided in this round.") % {"partner": partner.code}
        )
    record = PartnerDecision.objects.create(
        version=locked,
        partner=partner,
        round=locked.decision_round,
        decision=decision,
        note=note.strip(),
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    if decision == PartnerDecision.Decision.REJECT:
        locked.state = State.DEFINITIVE_CONCEPT
        reason = site_text(
            gettext_noop("Rejected by %(partner)s: %(note)s"), partner=partner.code, note=note
        )
        _save_step(locked, user, reason)
        request_pdf(locked)
    else:
        _save_step(
            locked, user, site_text(gettext_noop("Approved by %(partner)s"), partner=partner.code)
        )
    return record
