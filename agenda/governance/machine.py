"""The agenda-version state machine (DESIGN.md §3) as one explicit transition table.

    rough -> feedback -> definitive_concept -> consultation -> established
          -> decision (VOB, SPN and KB each approve or reject) -> ratified

A board's rejection in ``decision`` sends the version back to ``definitive_concept``:
an edge of the table like the others, taken by the boards (``partner_decision_record``)
instead of the coordinators. What each state needs next is said here too, and why a
step cannot be taken yet (``refusal``): the version page, *Voor u* and the services all
read these.

Who may take a step is a rule (``agenda.permissions.can_take_governance_step``); this
module says only what the steps are, when they are possible and what they mean.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda.models import AgendaVersion, PartnerDecision, deciding_partners
from partners.models import Partner

State = AgendaVersion.State


class GovernanceStep(models.TextChoices):
    TO_FEEDBACK = "to_feedback", gettext_lazy("Open for feedback")
    TO_DEFINITIVE = "to_definitive", gettext_lazy("Make definitive concept")
    TO_CONSULTATION = "to_consultation", gettext_lazy("Send to the constituencies")
    ESTABLISH = "establish", gettext_lazy("Record establishment by the network council")
    TO_DECISION = "to_decision", gettext_lazy("Send to the boards for decision")
    RATIFY = "ratify", gettext_lazy("Record ratification by the administrative council")
    REJECT = "reject", gettext_lazy("Rejected by a board")


class Actor(models.TextChoices):
    COORDINATORS = "coordinators", gettext_lazy("coordinators")
    BOARDS = "boards", gettext_lazy("the boards")


@dataclass(frozen=True)
class Transition:
    target: str
    actor: str
    done: str  # what happened, in the past tense: the message and the history record


Step = GovernanceStep
TRANSITIONS: dict[tuple[str, str], Transition] = {
    (State.ROUGH, Step.TO_FEEDBACK): Transition(
        State.FEEDBACK, Actor.COORDINATORS, gettext_lazy("Opened for feedback.")
    ),
    (State.FEEDBACK, Step.TO_DEFINITIVE): Transition(
        State.DEFINITIVE_CONCEPT, Actor.COORDINATORS, gettext_lazy("Made the definitive concept.")
    ),
    (State.DEFINITIVE_CONCEPT, Step.TO_CONSULTATION): Transition(
        State.CONSULTATION, Actor.COORDINATORS, gettext_lazy("Sent to the constituencies.")
    ),
    (State.CONSULTATION, Step.ESTABLISH): Transition(
        State.ESTABLISHED, Actor.COORDINATORS, gettext_lazy("Established by the network council.")
    ),
    (State.ESTABLISHED, Step.TO_DECISION): Transition(
        State.DECISION, Actor.COORDINATORS, gettext_lazy("Sent to the boards for decision.")
    ),
    (State.DECISION, Step.RATIFY): Transition(
        State.RATIFIED, Actor.COORDINATORS, gettext_lazy("Ratified by the administrative council.")
    ),
    (State.DECISION, Step.REJECT): Transition(
        State.DEFINITIVE_CONCEPT,
        Actor.BOARDS,
        gettext_lazy("Rejected by %(partner)s: %(note)s"),
    ),
}

# What the version needs next, per state: the version page says it under "you are here"
# (``%(boards)s``: the deciding boards' codes).
NEXT = {
    State.ROUGH: gettext_lazy(
        "Next: open this version for feedback from the teams. A coordinator takes this step."
    ),
    State.FEEDBACK: gettext_lazy(
        "Next: the definitive concept, which needs all twelve chapters approved. A "
        "coordinator takes this step; from then on the partners read the version."
    ),
    State.DEFINITIVE_CONCEPT: gettext_lazy(
        "Next: send this version to the constituencies of the six partners. A coordinator "
        "takes this step."
    ),
    State.CONSULTATION: gettext_lazy(
        "The partner representatives record their constituency's response. When every "
        "constituency has responded (or a coordinator recorded that it did not), a "
        "coordinator records the establishment by the network council."
    ),
    State.ESTABLISHED: gettext_lazy(
        "Next: send this version to the boards of %(boards)s for their decision. A "
        "coordinator takes this step."
    ),
    State.DECISION: gettext_lazy(
        "The boards of %(boards)s decide. When all have approved, a coordinator records the "
        "ratification by the administrative council; a rejection sends the version back to "
        "the definitive concept."
    ),
    State.RATIFIED: gettext_lazy("This is the ratified agenda. Its PDF carries no concept mark."),
}

# Partner representatives read versions from the definitive concept on.
PARTNER_STATES = tuple(
    AgendaVersion.STATE_ORDER[AgendaVersion.STATE_ORDER.index(State.DEFINITIVE_CONCEPT) :]
)


def is_numbered(version) -> bool:
    """The version's paragraphs carry numbers (``texts.numbering``): from the definitive
    concept on, when the partners read it."""
    return version.state in PARTNER_STATES


# Readers of a version propose changes to its chapters in these states.
PROPOSAL_STATES = (State.FEEDBACK, State.CONSULTATION)


def next_steps(version: AgendaVersion, actor: str = Actor.COORDINATORS) -> list[GovernanceStep]:
    """The steps ``actor`` takes from the version's state."""
    return [
        GovernanceStep(step)
        for (state, step), transition in TRANSITIONS.items()
        if state == version.state and transition.actor == actor
    ]


def open_for_responses(version) -> bool:
    """Constituencies' responses are recorded while the version is in consultation."""
    return version.state == State.CONSULTATION


def open_for_decision(version, partner, *, deciding, decided_codes) -> bool:
    """The board of ``partner`` (one of ``deciding``) still decides on ``version`` in
    this round: the version is with the boards and that board has not decided yet."""
    return (
        version.state == State.DECISION
        and partner in deciding
        and partner.code not in decided_codes
    )


def missing_responses(partners, responses) -> list:
    """The partners (of ``partners``) without a response in ``responses`` (partner ids,
    or a mapping keyed by them): a recorded "no response" counts as one."""
    return [p for p in partners if p.pk not in responses]


def establish_refusal(version, *, partners=None, responses=None) -> str | None:
    """Why the network council cannot establish ``version`` yet, or None.

    Consultation -> established needs a response from every partner's constituency,
    or a "no response" a coordinator recorded with its reason (DESIGN.md §3);
    ``partners`` and ``responses`` (partner ids) are read here when not given.
    """
    if partners is None:
        partners = list(Partner.objects.all())
    if responses is None:
        responses = set(version.responses.values_list("partner_id", flat=True))
    missing = missing_responses(partners, responses)
    if not missing:
        return None
    return _(
        "The network council establishes the agenda once every constituency has "
        "responded (or a coordinator recorded 'no response'); still missing: %(partners)s."
    ) % {"partners": ", ".join(p.code for p in missing)}


def refusal(
    version, step, *, chapters=None, partners=None, responses=None, decisions=None
) -> str | None:
    """Why the ``step`` cannot be taken on ``version`` now, or None.

    The version page shows this instead of the step's button and the service refuses
    with it. What the page has read already is passed in: ``chapters`` (the version's),
    ``partners`` and ``responses`` (``establish_refusal``), ``decisions`` (the version's,
    every round); the rest is read here.
    """
    if version.is_superseded:
        return _(
            "A newer version of the agenda replaced this one: take the next step on the "
            "newest version."
        )
    transition = TRANSITIONS.get((version.state, step))
    if transition is not None and transition.target == State.DEFINITIVE_CONCEPT:
        if step == Step.REJECT:
            return None
        if chapters is None:
            chapters = version.chapters.select_related("team")
        if missing := [c.team.name for c in chapters if c.is_placeholder]:
            return _(
                "A definitive concept needs all twelve chapters; not yet approved: %(teams)s."
            ) % {"teams": ", ".join(missing)}
    if step == Step.ESTABLISH:
        return establish_refusal(version, partners=partners, responses=responses)
    if step == Step.RATIFY:
        return _ratify_refusal(version, decisions)
    return None


def _ratify_refusal(version, decisions) -> str | None:
    """Ratification needs every deciding board's approval in the current round, and an
    edition has one ratified agenda."""
    if decisions is None:
        decisions = version.decisions.select_related("partner")
    current = {d.partner.code: d.decision for d in decisions if d.round == version.decision_round}
    boards = [p.code for p in deciding_partners()]
    waiting = [code for code in boards if code not in current]
    if waiting or set(current.values()) != {PartnerDecision.Decision.APPROVE}:
        return _("Ratification needs the approval of %(boards)s; still waiting for: %(codes)s.") % {
            "boards": ", ".join(boards),
            "codes": ", ".join(waiting) or "-",
        }
    ratified = AgendaVersion.objects.filter(edition_id=version.edition_id, state=State.RATIFIED)
    if ratified.exists():
        return _("This edition already has a ratified agenda.")
    return None


def waits_on_coordinators(version) -> bool:
    """Whether the version's next step is the coordinators' rather than the partners'
    (the constituencies still responding, the boards still deciding)."""
    if version.state == State.CONSULTATION:
        return refusal(version, Step.ESTABLISH) is None
    if version.state == State.DECISION:
        return refusal(version, Step.RATIFY) is None
    return version.state != State.RATIFIED


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
