"""The review state machine (DESIGN.md §3) of contributions and network texts.

concept --submit--> submitted --approve--> approved
   ^                    |                     |
   +------return--------+                     |
   +------------------reopen------------------+
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from teams.permissions import TeamPerm, has_team_perm, is_coordinator

from .models import Contribution

State = Contribution.State


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    RETURN = "return", _("Return to the team")
    APPROVE = "approve", _("Approve")
    REOPEN = "reopen", _("Reopen")


WRITER = "writer"
COORDINATOR = "coordinator"

# (current state, action) -> (target state, who may take it)
TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (State.CONCEPT, Action.SUBMIT): (State.SUBMITTED, WRITER),
    (State.SUBMITTED, Action.RETURN): (State.CONCEPT, COORDINATOR),
    (State.SUBMITTED, Action.APPROVE): (State.APPROVED, COORDINATOR),
    (State.APPROVED, Action.REOPEN): (State.CONCEPT, COORDINATOR),
}

REASON_REQUIRED = {Action.RETURN}

# What a history record means, read from the state before and after it.
ACTION_BY_STATES = {
    (source, target): action for (source, action), (target, _r) in TRANSITIONS.items()
}


def holds_role(user, obj, role: str) -> bool:
    """``obj`` is a contribution or a network text: both have ``team`` and ``state``."""
    if role == WRITER:
        return has_team_perm(user, obj.team, TeamPerm.WRITE)
    return is_coordinator(user)


def may(user, obj, action: str) -> bool:
    """True when ``action`` is allowed from the object's state for this user."""
    rule = TRANSITIONS.get((obj.state, action))
    return rule is not None and holds_role(user, obj, rule[1])


def refusal(user, obj, action: str) -> str | None:
    """Why ``user`` may not take ``action`` now although their role allows it, or None.

    Four eyes: nobody approves a version they wrote or submitted (coordinators who are
    also writers included).
    """
    if action == Action.APPROVE and user.pk in obj.authors_since_last_approval():
        return _(
            "You wrote or submitted this version, so another coordinator approves it (four eyes)."
        )
    return None


def available_actions(user, obj) -> list[Action]:
    return [Action(action) for action in Action.values if may(user, obj, action)]
