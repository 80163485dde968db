"""The review workflow of contributions and network texts (``workflow.TRANSITIONS``)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agenda.coediting import document as live
from agenda.errors import AgendaError, ContributionConflict
from agenda.models import Contribution
from agenda.notifications import notify_transition
from agenda.permissions import can_edit, holds_role, is_writer, refusal
from agenda.review.machine import REASON_REQUIRED, TRANSITIONS, Action
from infra.language import site_text

TRANSITION_DONE = {
    Action.SUBMIT: gettext_noop("Submitted for review"),
    Action.RETURN: gettext_noop("Returned to the team"),
    Action.APPROVE: gettext_noop("Approved"),
    Action.REOPEN: gettext_noop("Reopened"),
}


@transaction.atomic
def review_transition(*, obj, user, action: str, reason: str = ""):
    """Move a contribution or a network text along ``workflow.TRANSITIONS``.

    Locks the row, so of two people taking the same step at once exactly one
    succeeds; the other gets an ``AgendaError`` naming the state it found. Records
    one history record with the user and the reason, then notifies (after commit).
    """
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    action = Action(action)
    rule = TRANSITIONS.get((locked.state, action))
    if rule is None:
        raise AgendaError(
            _("This is now '%(state)s', so '%(action)s' is not possible any more.")
            % {"state": locked.get_state_display(), "action": action.label}
        )
    target, role = rule
    if not holds_role(user, locked, role):
        raise AgendaError(_("You may not take the step '%(action)s'.") % {"action": action.label})
    if refused := refusal(user, locked, action):
        raise AgendaError(refused)
    reason = reason.strip()
    if action in REASON_REQUIRED and not reason:
        raise AgendaError(_("Give a reason, so that the team knows what to change."))
    if action == Action.SUBMIT and (missing := locked.missing_parts()):
        raise AgendaError(
            _("Not ready to submit yet; still empty: %(parts)s.") % {"parts": ", ".join(missing)}
        )

    locked.state = target
    locked.save_as_new_version(user=user, reason=reason or site_text(TRANSITION_DONE[action]))
    if isinstance(locked, Contribution) and target != Contribution.State.CONCEPT:
        transaction.on_commit(lambda: live.close_sessions(locked.pk), robust=True)
    transaction.on_commit(
        lambda: notify_transition(obj=locked, action=action, user=user, reason=reason)
    )
    return locked


def lock_for_saving(obj, *, user, base_revision: int | None):
    """Lock ``obj`` (a contribution or a network text) for a save of its text by ``user``.

    Raises ``AgendaError`` when the user does not write for the owning team or the
    text is no concept, and ``ContributionConflict`` when someone saved since
    ``base_revision`` (nothing is overwritten; None: a change that finds its place in
    the current text itself, as an accepted proposal). Returns the locked row.
    """
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    if not is_writer(user, locked):
        raise AgendaError(
            _("Only the writers of %(team)s edit this text.") % {"team": locked.team.name}
        )
    if not can_edit(user, locked):
        raise AgendaError(
            _("This text is %(state)s; only a concept can be edited.")
            % {"state": locked.get_state_display().lower()}
        )
    if base_revision is not None and locked.revision != base_revision:
        raise ContributionConflict(locked)
    return locked
