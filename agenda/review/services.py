"""The review machine's one write: taking a review step (``review.machine``)."""

from django.db import transaction
from django.utils.translation import gettext as _

from agenda.coediting import document
from agenda.errors import AgendaError
from agenda.models import Contribution
from agenda.notifications import notify_review_step
from agenda.permissions import can_take_review_step, review_refusal
from agenda.review.machine import TRANSITIONS, ReviewStep
from agenda.services.contributions import record_coediting_edits
from infra.language import site_text


@transaction.atomic
def take_review_step(*, obj, user, step: str, reason: str = ""):
    """Move a contribution or a network text along ``review.machine.TRANSITIONS``.

    Locks the row, so of two people taking the same step at once exactly one succeeds;
    the other gets an ``AgendaError`` naming the state it found. Refuses a role the step
    is not for (``permissions.can_take_review_step``), four eyes
    (``permissions.review_refusal``), a missing reason and, on submit, an incomplete
    chapter. A chapter is submitted with what its writers co-edited: that becomes a
    history record first, under the same lock, and the editing sessions close after the
    commit. Records one history record with the user and the reason, then notifies.
    """
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    step = ReviewStep(step)
    transition = TRANSITIONS.get((locked.state, step))
    if transition is None:
        raise AgendaError(
            _("This is now '%(state)s', so '%(action)s' is not possible any more.")
            % {"state": locked.get_state_display(), "action": step.label}
        )
    if not can_take_review_step(user, locked, step):
        raise AgendaError(_("You may not take the step '%(action)s'.") % {"action": step.label})
    if refused := review_refusal(user, locked, step):
        raise AgendaError(refused)
    reason = reason.strip()
    if transition.reason_required and not reason:
        raise AgendaError(_("Give a reason, so that the team knows what to change."))
    chapter = isinstance(locked, Contribution)
    if chapter and step == ReviewStep.SUBMIT:
        record_coediting_edits(locked, user=user)
    if step == ReviewStep.SUBMIT and (missing := locked.missing_parts()):
        raise AgendaError(
            _("Not ready to submit yet; still empty: %(parts)s.") % {"parts": ", ".join(missing)}
        )

    locked.state = transition.target
    locked.save_as_new_record(user=user, reason=reason or site_text(transition.done))
    if chapter and transition.target != Contribution.State.CONCEPT:
        transaction.on_commit(lambda: document.close_sessions(locked.pk), robust=True)
    transaction.on_commit(
        lambda: notify_review_step(obj=locked, step=step, user=user, reason=reason)
    )
    return locked
