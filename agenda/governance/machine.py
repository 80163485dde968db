"""The agenda-version state machine (DESIGN.md §3) as one explicit transition table.

    rough -> feedback -> definitive_concept -> consultation -> established
          -> decision (VOB, SPN and KB each approve or reject) -> ratified

A rejection in ``decision`` sends the version back to ``definitive_concept``.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaVersion

State = AgendaVersion.State


class Step(models.TextChoices):
    TO_FEEDBACK = "to_feedback", _("Open for feedback")
    TO_DEFINITIVE = "to_definitive", _("Make definitive concept")
    TO_CONSULTATION = "to_consultation", _("Send to the constituencies")
    ESTABLISH = "establish", _("Record establishment by the network council")
    TO_DECISION = "to_decision", _("Send to the boards for decision")
    RATIFY = "ratify", _("Record ratification by the administrative council")


# What happened, in the past tense: the message after a step and its history record.
STEP_DONE = {
    Step.TO_FEEDBACK: _("Opened for feedback."),
    Step.TO_DEFINITIVE: _("Made the definitive concept."),
    Step.TO_CONSULTATION: _("Sent to the constituencies."),
    Step.ESTABLISH: _("Established by the network council."),
    Step.TO_DECISION: _("Sent to the boards for decision."),
    Step.RATIFY: _("Ratified by the administrative council."),
}

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


@dataclass(frozen=True)
class ProcessStep:
    """One of the seven states shown as a step: done (with the date it was last
    reached), the current one, or still to come."""

    state: str
    label: str
    status: str  # "done", "current" or "upcoming"
    date: datetime | None

    @property
    def is_current(self) -> bool:
        return self.status == "current"


def process_steps(version: AgendaVersion, history) -> list[ProcessStep]:
    """The seven states of ``version`` as process steps, dated from its ``history``
    (history records, oldest first).

    After a rejection the version is back in the definitive concept: the steps after
    it are to come again, the steps before keep the date they were last reached.
    """
    reached: dict[str, datetime] = {}
    previous = None
    for record in history:
        if record.state != previous:
            reached[record.state] = record.history_date
        previous = record.state
    current = AgendaVersion.STATE_ORDER.index(version.state)
    steps = []
    for index, (state, label) in enumerate(State.choices):
        status = "done" if index < current else "current" if index == current else "upcoming"
        date = reached.get(state) if status != "upcoming" else None
        steps.append(ProcessStep(state=state, label=label, status=status, date=date))
    return steps
