"""The agenda-version state machine (DESIGN.md §3) as one explicit transition table.

    rough -> feedback -> definitive_concept -> consultation -> established
          -> decision (VOB, SPN and KB each approve or reject) -> ratified

A rejection in ``decision`` sends the version back to ``definitive_concept``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import AgendaVersion

State = AgendaVersion.State


class Step(models.TextChoices):
    TO_FEEDBACK = "to_feedback", _("Open for feedback")
    TO_DEFINITIVE = "to_definitive", _("Make definitive concept")
    TO_CONSULTATION = "to_consultation", _("Send to the constituencies")
    ESTABLISH = "establish", _("Record establishment by the network council")
    TO_DECISION = "to_decision", _("Send to the boards for decision")
    RATIFY = "ratify", _("Record ratification by the administrative council")


# (current state, step) -> target state; every step is the coordinator's.
STEPS: dict[tuple[str, str], str] = {
    (State.ROUGH, Step.TO_FEEDBACK): State.FEEDBACK,
    (State.FEEDBACK, Step.TO_DEFINITIVE): State.DEFINITIVE_CONCEPT,
    (State.DEFINITIVE_CONCEPT, Step.TO_CONSULTATION): State.CONSULTATION,
    (State.CONSULTATION, Step.ESTABLISH): State.ESTABLISHED,
    (State.ESTABLISHED, Step.TO_DECISION): State.DECISION,
    (State.DECISION, Step.RATIFY): State.RATIFIED,
}


def next_steps(version: AgendaVersion) -> list[Step]:
    return [Step(step) for (state, step) in STEPS if state == version.state]
