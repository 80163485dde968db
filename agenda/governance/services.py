"""Governance of an agenda version: steps, constituency responses, board decisions."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agenda.errors import AgendaError
from agenda.governance.compiling import State, save_step
from agenda.governance.machine import TRANSITIONS, GovernanceStep, open_for_responses, refusal
from agenda.models import AgendaVersion, PartnerDecision, PartnerResponse, deciding_partners
from agenda.notifications import notify_agenda_step, notify_rejection
from agenda.pdf.tasks import request_render
from agenda.permissions import can_record_no_response, can_represent, can_take_governance_step
from infra.language import site_text


@transaction.atomic
def agenda_step(*, version: AgendaVersion, user, step: str, reason: str = "") -> AgendaVersion:
    """Take one of the coordinators' governance steps (``governance.machine``).

    Refuses whoever ``can_take_governance_step`` does not admit, and what
    ``machine.refusal`` refuses: any step on a superseded version, the definitive
    concept while a chapter is a placeholder, the establishment until every
    constituency responded and the ratification unless every deciding board approved
    in the current round. Records the step in the version's history, asks for its PDF
    and, after the commit, tells whom the step concerns.
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
    request_render(locked)
    transaction.on_commit(lambda: notify_agenda_step(version=locked, step=step))
    return locked


def _ratified_count(version) -> int:
    return AgendaVersion.objects.filter(edition=version.edition, state=State.RATIFIED).count()


@transaction.atomic
def partner_response_record(*, version: AgendaVersion, user, partner, verdict: str, text: str):
    """Record (or correct) a constituency's response while the version is in consultation.

    ``verdict`` is agreed, agreed with remarks or objection; the text is required
    except for a plain agreement. Replaces a "no response" a coordinator recorded.
    """
    locked = AgendaVersion.objects.select_for_update().get(pk=version.pk)
    if not can_represent(user, partner):
        raise AgendaError(_("You can only respond for the partner you represent."))
    if not open_for_responses(locked):
        raise AgendaError(_("Responses are recorded while the version is in consultation."))
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
            "recorded_by": user,
            "recorded_at": timezone.now(),
        },
    )
    save_step(
        locked,
        user,
        site_text(gettext_noop("Response of %(partner)s recorded"), partner=partner.code),
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
    *, version: AgendaVersion, user, partner, decision: str, note: str, teams=()
):
    """A board's decision (VOB, SPN or KB) in the current decision round.

    A rejection (with a note, and optionally the chapters' ``teams`` it objects to)
    sends the version back to the definitive concept, with the reasons kept and shown
    to everyone.
    """
    locked = AgendaVersion.objects.select_for_update().get(pk=version.pk)
    boards = deciding_partners()
    if partner not in boards:
        raise AgendaError(
            _("Only the boards of %(boards)s decide on the agenda.")
            % {"boards": ", ".join(p.code for p in boards)}
        )
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
    if decision == PartnerDecision.Decision.REJECT and teams:
        record.teams.set(teams)
    if decision == PartnerDecision.Decision.REJECT:
        rejection = TRANSITIONS[(locked.state, GovernanceStep.REJECT)]
        locked.state = rejection.target
        save_step(locked, user, site_text(rejection.done, partner=partner.code, note=note))
        request_render(locked)
    else:
        save_step(
            locked, user, site_text(gettext_noop("Approved by %(partner)s"), partner=partner.code)
        )
    if decision == PartnerDecision.Decision.REJECT:
        transaction.on_commit(
            lambda: notify_rejection(version=locked, partner=partner, note=note.strip())
        )
    return record
