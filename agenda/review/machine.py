"""The review state machine (DESIGN.md §3) of contributions and network texts.

concept --submit--> submitted --approve--> approved
   ^                    |                     |
   +------return--------+                     |
   +------------------reopen------------------+

Only the states, the review steps and who takes them; whether a given user may take a
step now is ``agenda.permissions.can_take_review_step``.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agenda.models import Reviewed

State = Reviewed.State


class ReviewStep(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    RETURN = "return", _("Return to the team")
    APPROVE = "approve", _("Approve")
    REOPEN = "reopen", _("Reopen")


class Actor(models.TextChoices):
    WRITERS = "writers", _("the team's writers")
    COORDINATORS = "coordinators", _("coordinators")


@dataclass(frozen=True)
class Transition:
    target: str
    actor: str
    done: str  # the history record's note when no reason is given (``site_text``)
    reason_required: bool = False


TRANSITIONS: dict[tuple[str, str], Transition] = {
    (State.CONCEPT, ReviewStep.SUBMIT): Transition(
        State.SUBMITTED, Actor.WRITERS, gettext_noop("Submitted for review")
    ),
    (State.SUBMITTED, ReviewStep.RETURN): Transition(
        State.CONCEPT, Actor.COORDINATORS, gettext_noop("Returned to the team"), True
    ),
    (State.SUBMITTED, ReviewStep.APPROVE): Transition(
        State.APPROVED, Actor.COORDINATORS, gettext_noop("Approved")
    ),
    (State.APPROVED, ReviewStep.REOPEN): Transition(
        State.CONCEPT, Actor.COORDINATORS, gettext_noop("Reopened")
    ),
}

# What a history record means, read from the state before and after it.
STEP_BY_STATES = {
    (source, transition.target): step for (source, step), transition in TRANSITIONS.items()
}


def reason_required(step: str) -> bool:
    return any(t.reason_required for (_s, s), t in TRANSITIONS.items() if s == step)
