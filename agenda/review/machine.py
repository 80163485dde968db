"""The review state machine (DESIGN.md §3) of contributions and network texts.

concept --submit--> submitted --approve--> approved
   ^                    |                     |
   +------return--------+                     |
   +------------------reopen------------------+

Only the states, the steps and who takes them; whether a given user may take a step
now is ``agenda.permissions.may``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.models import Contribution

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
