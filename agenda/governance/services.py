"""Governance of an agenda version: steps, constituency responses, board decisions."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agenda.errors import AgendaError
from agenda.governance.answer_rules import can_answer_by_link
from agenda.governance.compiling import State, save_step
from agenda.governance.machine import TRANSITIONS, GovernanceStep, open_for_responses, refusal
from agenda.models import (
    AgendaVersion,
    AnswerInvitation,
    PartnerDecision,
    PartnerResponse,
    deciding_partners,
)
from agenda.models.governance import recorded_via_link
from agenda.notifications import (
    notify_agenda_step,
    notify_answered_by_link,
    notify_answered_elsewhere,
    notify_rejection,
)
from agenda.pdf.tasks import request_render
from agenda.permissions import can_record_no_response, can_represent, can_take_governance_step
from agenda.tracking.services import actions_track
from infra.language import site_language, site_text


@transaction.atomic
def agenda_step(*, version: AgendaVersion, user, step: str, reason: str = "") -> AgendaVersion:
    """Take one of the coordinators' governance steps (``governance.machine``).

    Refuses whoever ``can_take_governance_step`` does not admit, and what
    ``machine.refusal`` refuses: any step on a superseded version, the definitive
    concept while a chapter is a placeholder, the establishment until every
    constituency responded and the ratification unless every deciding board approved
    in the current round. Records the step in the version's history, asks for its PDF,
    makes a ratified version's action rows tracked actions
    (``tracking.services.actions_track``) and, after the commit, tells whom the step
    concerns.
    """
    locked = AgendaVersion.objects.select_for_update().select_related("edition").get(pk=version.pk)
    step = GovernanceStep(step)
    if not can_take_governance_step(user, step):
        raise AgendaError(_("Only coordinators move the agenda through its governance."))
    transition = TRANSITIONS.get((locked.state, step))
    if transition is None:
        raise AgendaError(
            _("Version %(number)s is now '%(state)s', so '%(step)s' is not possible.")
            % {"number": locked.number, "state": locked.get_state_display(), "step": step.label}
        )
    if refused := refusal(locked, step):
        raise AgendaError(refused)
    if step == GovernanceStep.TO_DECISION:
        locked.decision_round += 1
    if step == GovernanceStep.RATIFY:
        locked.number = f"{_ratified_count(locked) + 1}.0"
    locked.state = transition.target
    save_step(locked, user, reason.strip() or site_text(transition.done))
    if step == GovernanceStep.RATIFY:
        actions_track(version=locked)
    request_render(locked)
    transaction.on_commit(lambda: notify_agenda_step(version=locked, step=step))
    return locked


def _ratified_count(version) -> int:
    return AgendaVersion.objects.filter(edition=version.edition, state=State.RATIFIED).count()


def _recorder(locked, partner, *, user, invitation, kind, refusal) -> dict:
    """Who records ``partner``'s answer ``kind`` on the locked version: a representative
    (``user``), or the person a personal link names (``invitation``, locked by the
    caller; ``user`` is None then). The link must still work for this very answer
    (``answer_rules.can_answer_by_link``); a representative is refused ``refusal``."""
    if invitation is None:
        if not can_represent(user, partner):
            raise AgendaError(refusal)
        return {"recorded_by": user, "invitation": None}
    invitation.version = locked
    if not (
        invitation.partner_id == partner.pk
        and invitation.version_id == locked.pk
        and invitation.kind == kind
        and can_answer_by_link(invitation)
    ):
        raise AgendaError(_("This link does not work (any more)."))
    return {"recorded_by": None, "invitation": invitation}


def _after_answer(locked, partner, record, *, kind, invitation) -> None:
    """A link is used once; after the commit the representatives and coordinators hear of
    an answer through a link, and whoever holds an open link for the same answer hears
    that it was given (whichever comes first counts)."""
    now = timezone.now()
    if invitation is not None:
        invitation.used_at = now
        invitation.save(update_fields=["used_at"])
    others = list(
        locked.invitations.filter(
            partner=partner, kind=kind, used_at=None, withdrawn_at=None, valid_until__gt=now
        ).select_related("partner")
    )
    if invitation is not None:
        transaction.on_commit(lambda: notify_answered_by_link(record=record, version=locked))
    if others:
        transaction.on_commit(
            lambda: notify_answered_elsewhere(invitations=others, record=record, version=locked)
        )


def _step_reason(message, partner, invitation, **values) -> str:
    reason = site_text(message, partner=partner.code, **values)
    if invitation is None:
        return reason
    with site_language():
        return f"{reason} ({recorded_via_link(invitation)})"


@transaction.atomic
def partner_response_record(
    *,
    version: AgendaVersion,
    user,
    partner,
    verdict: str,
    text: str,
    invitation: AnswerInvitation | None = None,
):
    """Record (or correct) a constituency's response while the version is in consultation.

    ``verdict`` is agreed, agreed with remarks or objection; the text is required
    except for a plain agreement. Replaces a "no response" a coordinator recorded.
    Recorded by a representative (``user``) or through a personal link (``invitation``,
    locked by the caller, ``user`` None: ``governance.invitations.answer_by_link``),
    which counts the same. The first answer counts: a link records nothing once the
    partner responded, and a response through a link is not overwritten.
    """
    locked = AgendaVersion.objects.select_for_update().get(pk=version.pk)
    recorder = _recorder(
        locked,
        partner,
        user=user,
        invitation=invitation,
        kind=AnswerInvitation.Kind.RESPONSE,
        refusal=_("You can only respond for the partner you represent."),
    )
    if not open_for_responses(locked):
        raise AgendaError(_("Responses are recorded while the version is in consultation."))
    earlier = locked.responses.filter(partner=partner, invitation__isnull=False).first()
    if earlier is not None:
        raise AgendaError(
            _("The response of %(partner)s was already recorded: %(recorded)s.")
            % {"partner": partner.code, "recorded": earlier.recorder}
        )
    Verdict = PartnerResponse.Verdict
    if verdict not in (Verdict.AGREE, Verdict.AGREE_WITH_REMARKS, Verdict.OBJECTION):
        raise AgendaError(_("Choose agreed, agreed with remarks or objection."))
    if verdict != Verdict.AGREE and not text.strip():
        raise AgendaError(_("Write the response of your constituency."))
    response, _created = PartnerResponse.objects.update_or_create(
        version=locked,
        partner=partner,
        defaults={
            "verdict": verdict,
            "text": text.strip(),
            "recorded_at": timezone.now(),
        }
        | recorder,
    )
    save_step(
        locked,
        user,
        _step_reason(gettext_noop("Response of %(partner)s recorded"), partner, invitation),
    )
    _after_answer(
        locked, partner, response, kind=AnswerInvitation.Kind.RESPONSE, invitation=invitation
    )
    return response


@transaction.atomic
def partner_no_response_record(*, version: AgendaVersion, user, partner, reason: str):
    """A coordinator records that ``partner``'s constituency did not respond, and why.

    Counts as a response for the establishment; refused when the partner has responded
    (their own response is never overwritten) and outside the consultation.
    """
    locked = AgendaVersion.objects.select_for_update().get(pk=version.pk)
    if not can_record_no_response(user):
        raise AgendaError(_("Only coordinators record that a constituency did not respond."))
    if not open_for_responses(locked):
        raise AgendaError(_("Responses are recorded while the version is in consultation."))
    if not reason.strip():
        raise AgendaError(_("Give the reason why there is no response."))
    if locked.responses.filter(partner=partner).exists():
        raise AgendaError(_("%(partner)s has already responded.") % {"partner": partner.code})
    response = PartnerResponse.objects.create(
        version=locked,
        partner=partner,
        verdict=PartnerResponse.Verdict.NO_RESPONSE,
        text=reason.strip(),
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    save_step(
        locked,
        user,
        site_text(gettext_noop("No response from %(partner)s recorded"), partner=partner.code),
    )
    return response


@transaction.atomic
def partner_decision_record(
    *,
    version: AgendaVersion,
    user,
    partner,
    decision: str,
    note: str,
    teams=(),
    invitation: AnswerInvitation | None = None,
):
    """A board's decision (VOB, SPN or KB) in the current decision round.

    A rejection (with a note, and optionally the chapters' ``teams`` it objects to)
    sends the version back to the definitive concept, with the reasons kept and shown
    to everyone. Recorded by a representative (``user``) or through a personal link
    (``invitation``, as ``partner_response_record``); the first decision counts.
    """
    locked = AgendaVersion.objects.select_for_update().get(pk=version.pk)
    boards = deciding_partners()
    if partner not in boards:
        raise AgendaError(
            _("Only the boards of %(boards)s decide on the agenda.")
            % {"boards": ", ".join(p.code for p in boards)}
        )
    recorder = _recorder(
        locked,
        partner,
        user=user,
        invitation=invitation,
        kind=AnswerInvitation.Kind.DECISION,
        refusal=_("You can only decide for the partner you represent."),
    )
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
        recorded_at=timezone.now(),
        **recorder,
    )
    if decision == PartnerDecision.Decision.REJECT and teams:
        record.teams.set(teams)
    if decision == PartnerDecision.Decision.REJECT:
        rejection = TRANSITIONS[(locked.state, GovernanceStep.REJECT)]
        locked.state = rejection.target
        save_step(locked, user, _step_reason(rejection.done, partner, invitation, note=note))
        request_render(locked)
    else:
        save_step(
            locked, user, _step_reason(gettext_noop("Approved by %(partner)s"), partner, invitation)
        )
    _after_answer(
        locked, partner, record, kind=AnswerInvitation.Kind.DECISION, invitation=invitation
    )
    if decision == PartnerDecision.Decision.REJECT:
        transaction.on_commit(
            lambda: notify_rejection(version=locked, partner=partner, note=note.strip())
        )
    return record
