"""Reads that several pages share: a chapter's comments and its history.

They only read: writes go through ``services``, rules are in ``permissions``.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Q, Subquery, TextChoices, Window
from django.db.models.functions import Lag, RowNumber
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agenda.governance.machine import Step, next_steps
from agenda.models import (
    AgendaVersion,
    Contribution,
    Edition,
    Milestone,
    NetworkText,
    PartnerDecision,
    PartnerResponse,
    Proposal,
    Reviewed,
    deciding_partners,
)
from agenda.permissions import (
    can_resolve_comment,
    check_agenda_version,
    open_for_decision,
    open_for_responses,
    represented_partners,
    step_refusal,
)
from agenda.review.machine import ACTION_BY_STATES, Action
from agenda.texts import aspects
from teams.models import Membership
from teams.permissions import TeamPerm, is_coordinator, team_ids_with, team_perms

COMMENTS_SHOWN = 5  # open comments per aspect on the chapter's page; the rest one click away


def comment_threads(
    contribution: Contribution, user, *, perms: set[str] | None = None, shown=COMMENTS_SHOWN
):
    """Per aspect with comments: its label, its counts (``open``, ``resolved``) and the
    first ``shown`` open comments, oldest first; ``more`` says how many open ones are
    not shown. Two queries, however many comments there are.

    Each comment says whether ``user`` may resolve it (``can_resolve``); the user's rights
    on the team (``perms``) are read once, not once per comment.
    """
    counts = {
        row["aspect"]: row
        for row in contribution.comments.order_by()
        .values("aspect")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(resolved_at__isnull=True)))
    }
    first_open = (
        contribution.comments.filter(resolved_at__isnull=True)
        .select_related("author", "on_version")
        .annotate(
            rank=Window(RowNumber(), partition_by=F("aspect"), order_by=[F("created_at"), F("pk")])
        )
        .filter(rank__lte=shown)
        .order_by("created_at", "pk")
    )
    comments = resolvable(contribution, user, first_open, perms=perms)
    threads = []
    for aspect, label in contribution.aspect_choices():
        if aspect in counts:
            mine = [c for c in comments if c.aspect == aspect]
            open_count = counts[aspect]["open"]
            threads.append(
                {
                    "aspect": aspect,
                    "label": label,
                    "comments": mine,
                    "open": open_count,
                    "resolved": counts[aspect]["total"] - open_count,
                    "more": open_count - len(mine),
                }
            )
    return threads


def aspect_comments(contribution: Contribution, aspect: str):
    """Every comment on one aspect: the open ones first, each group oldest first."""
    return (
        contribution.comments.filter(aspect=aspect)
        .select_related("author", "resolved_by", "on_version")
        .order_by(F("resolved_at").asc(nulls_first=True), "created_at", "pk")
    )


def resolvable(contribution: Contribution, user, comments, *, perms=None) -> list:
    """``comments`` (of ``contribution``) with ``can_resolve`` set for ``user``."""
    if perms is None:
        perms = team_perms(user, contribution.team)
    comments = list(comments)
    for comment in comments:
        comment.contribution = contribution
        comment.can_resolve = can_resolve_comment(user, comment, perms=perms)
    return comments


def last_return(contribution: Contribution):
    """The history record of the latest return, shown to the team while the chapter is a
    concept again; None otherwise (never submitted, or reopened after an approval).

    A return is the record right after the latest record that is not a concept, when
    that one was a submission.
    """
    if contribution.state != Contribution.State.CONCEPT:
        return None
    history = contribution.history.all()
    step = (
        history.exclude(state=Contribution.State.CONCEPT)
        .order_by("-history_date", "-history_id")
        .only("history_id", "history_date", "state")
        .first()
    )
    if step is None or step.state != Contribution.State.SUBMITTED:
        return None
    return (
        _later(history, step)
        .select_related("history_user")
        .only("history_id", "history_date", "history_change_reason", *USER_FIELDS)
        .order_by("history_date", "history_id")
        .first()
    )


# What lists of versions show: who, when, why and the state, never the text.
USER_FIELDS = ("history_user__first_name", "history_user__last_name", "history_user__username")
LISTED_FIELDS = ("history_id", "history_date", "history_change_reason", "state", *USER_FIELDS)


@dataclass
class HistoryEntry:
    """A history record with its number, what happened in it and the record before it."""

    record: object
    number: int
    what: str
    previous_id: int | None = None

    @property
    def history_id(self):
        return self.record.history_id

    @property
    def label(self):
        date = timezone.localtime(self.record.history_date).strftime("%d-%m-%Y %H:%M")
        return _("Version %(number)s (%(date)s)") % {"number": self.number, "date": date}


def _what(previous_state, state) -> str:
    action = ACTION_BY_STATES.get((previous_state, state))
    return str(Action(action).label if action else _("Saved"))


def _earlier(history, record):
    return history.filter(
        Q(history_date__lt=record.history_date)
        | Q(history_date=record.history_date, history_id__lt=record.history_id)
    )


def _later(history, record):
    return history.filter(
        Q(history_date__gt=record.history_date)
        | Q(history_date=record.history_date, history_id__gt=record.history_id)
    )


def history_listing(contribution: Contribution):
    """The versions, newest first, with only the columns a list shows: each record has
    its ``number`` (from 1, oldest first) and the ``previous_state``, both counted by
    the database, so that a page of them reads only that page."""
    oldest_first = [F("history_date").asc(), F("history_id").asc()]
    return (
        contribution.history.select_related("history_user")
        .only(*LISTED_FIELDS)
        .annotate(
            number=Window(RowNumber(), order_by=oldest_first),
            previous_state=Window(Lag("state"), order_by=oldest_first),
        )
        .order_by("-history_date", "-history_id")
    )


def history_entries(records) -> list[HistoryEntry]:
    """``HistoryEntry`` of each record of ``history_listing`` (a page or a slice of it)."""
    return [
        HistoryEntry(record, record.number, _what(record.previous_state, record.state))
        for record in records
    ]


def history_page(contribution: Contribution, page_number, *, per_page: int) -> Page:
    """One page of ``history_listing`` as ``HistoryEntry``; ``page_number`` may be "last"
    or nonsense (then the first page)."""
    page = Paginator(history_listing(contribution), per_page).get_page(page_number)
    page.object_list = history_entries(page.object_list)
    return page


def history_entry(contribution: Contribution, history_id: int) -> HistoryEntry:
    """One whole version (text included), numbered; 404 when it is not this chapter's."""
    history = contribution.history.all()
    record = get_object_or_404(history.select_related("history_user"), history_id=history_id)
    earlier = _earlier(history, record)
    previous = (
        earlier.order_by("-history_date", "-history_id").values("history_id", "state").first()
    )
    return HistoryEntry(
        record,
        earlier.count() + 1,
        _what(previous and previous["state"], record.state),
        previous_id=previous and previous["history_id"],
    )


def completeness(contribution, provisions) -> list[dict]:
    """Per aspect of the chapter (texts, then the action table): its label, its size in
    words (or rows) and whether it is filled, for the coordinators' overview. Read from
    the counts stored at save time, so the texts themselves need not be loaded."""
    counts = contribution.word_counts
    parts = [
        {"label": text.label, "words": counts.get(text.name, 0)}
        for text in aspects.texts(provisions)
    ]
    parts.append(
        {
            "label": aspects.TABLE.table_label,
            "words": counts.get(aspects.ACTIONS, 0),
            "is_count": True,
        }
    )
    for part in parts:
        part["filled"] = part["words"] > 0
    return parts


# "Voor u": what waits on each person (GOV.UK task list / notification banner pattern).


@dataclass(frozen=True)
class Phase:
    """A milestone on the timeline, with ``status`` "done", "current" or "upcoming"."""

    milestone: Milestone
    status: str


def timeline(edition) -> list[Phase]:
    """The edition's milestones as the phases of its timeline ("Tijdpad"). The current
    phase is the milestone that ends the state of the newest agenda version (the first
    milestone while no version is compiled; none once the agenda is ratified). Two
    queries; only the newest version's state is read, whoever asks."""
    milestones = list(edition.milestones.all())
    state = (
        AgendaVersion.objects.for_edition(edition)
        .order_by("-sequence")
        .values_list("state", flat=True)
        .first()
    )
    current = _current_phase(milestones, state)
    return [
        Phase(m, "done" if i < current else "current" if i == current else "upcoming")
        for i, m in enumerate(milestones)
    ]


def _current_phase(milestones, state) -> int:
    if state is None:
        return 0
    if state == AgendaVersion.State.RATIFIED:
        return len(milestones)
    order = AgendaVersion.STATE_ORDER
    reached = order.index(state)
    return next(
        (i for i, m in enumerate(milestones) if m.ends and order.index(m.ends) >= reached),
        len(milestones),
    )


def threshold(milestone, today: datetime.date) -> int | None:
    """The reminder due for ``milestone`` today: the smallest of ``REMINDER_DAYS`` that
    the days left fall within (so a missed run still reminds, once), or None."""
    left = (milestone.date - today).days
    return next((days for days in settings.REMINDER_DAYS if 0 <= left <= days), None)


def newest_state(edition) -> str | None:
    return (
        AgendaVersion.objects.for_edition(edition)
        .order_by("-sequence")
        .values_list("state", flat=True)
        .first()
    )


def is_passed(milestone, state: str | None) -> bool:
    """The newest version is past the state this milestone ends."""
    if not milestone.ends or state is None:
        return False
    order = AgendaVersion.STATE_ORDER
    return order.index(state) > order.index(milestone.ends)


def step_deadline(milestones, state: str):
    """The date of the milestone that ends ``state`` (``Milestone.ends``), or None."""
    return next((m.date for m in milestones if m.ends == state), None)


@dataclass
class ForYouItem:
    """One thing waiting on the user: a sentence and a link that says where to act.

    ``kind`` names it for styling and tests; ``rank`` orders (lowest first: most urgent),
    then ``deadline``.
    """

    kind: str
    text: str
    link_text: str
    url: str
    rank: int
    deadline: datetime.date | None = None


RANKS = [
    "decision",
    "response",
    "deadline",
    "returned",
    "review",
    "version_step",
    "comments",
    "ratified",
]
# The states in which a version can wait on someone's response, decision or download.
GOVERNANCE_ITEM_STATES = [
    AgendaVersion.State.CONSULTATION,
    AgendaVersion.State.DECISION,
    AgendaVersion.State.RATIFIED,
]


def for_you(user) -> list[ForYouItem]:
    """What waits on ``user`` across the portal ("Voor u"), most urgent first.

    Partner representatives: responses and board decisions still open for their partner.
    Writers: their chapters returned, or with open comments. Coordinators: texts waiting
    for review and the newest version's next step. Everyone: the ratified agenda's PDF.
    A fixed number of queries, however many versions, partners or chapters there are.
    """
    if not (user.is_authenticated and user.is_active):
        return []
    edition = Edition.objects.current()
    if edition is None:
        return []
    versions = list(
        AgendaVersion.objects.for_edition(edition)
        .visible_to(user)
        .filter(state__in=GOVERNANCE_ITEM_STATES)
        .select_related("pdf")
    )
    milestones = list(edition.milestones.all())
    items = [
        *_partner_items(user, versions, milestones),
        *_writer_items(user, edition),
        *_deadline_items(user, edition, milestones),
        *_proposer_items(user),
    ]
    if is_coordinator(user):
        items += _coordinator_items(edition)
    items += [
        ForYouItem(
            "ratified",
            _("The agenda has been ratified"),
            _("download (PDF, %(size)s)") % {"size": v.pdf.size_label}
            if v.pdf.size
            else _("download (PDF)"),
            reverse("agenda:agenda_pdf", args=[v.pk]),
            RANKS.index("ratified"),
        )
        for v in versions
        if v.is_final and v.pdf_ready
    ]
    return sorted(items, key=lambda item: (item.rank, item.deadline or datetime.date.max))


def _deadline_items(user, edition, milestones) -> list[ForYouItem]:
    """The writers' and coordinators' deadlines a reminder is due for now (``reminders``):
    writers while a chapter they write is still a concept, coordinators while the
    milestone's state is not passed. (Partners see theirs on their response and
    decision items.) No query unless a deadline is near."""
    today = timezone.localdate()
    near = [
        m
        for m in milestones
        if m.role in {Milestone.Role.WRITERS, Milestone.Role.COORDINATORS}
        and threshold(m, today) is not None
    ]
    if not near:
        return []
    state = newest_state(edition)
    writes_a_concept = Contribution.objects.for_edition(edition).filter(
        team__in=team_ids_with(user, TeamPerm.WRITE), state=Contribution.State.CONCEPT
    )
    acts = {
        Milestone.Role.WRITERS: writes_a_concept.exists(),
        Milestone.Role.COORDINATORS: is_coordinator(user),
    }
    return [
        ForYouItem(
            "deadline",
            _("%(title)s: by %(date)s") % {"title": m.title, "date": date_format(m.date, "j F Y")},
            _("see the timeline"),
            reverse("portal:timeline"),
            RANKS.index("deadline"),
            m.date,
        )
        for m in near
        if acts[m.role] and not is_passed(m, state)
    ]


def _partner_items(user, versions, milestones) -> list[ForYouItem]:
    waiting = [v for v in versions if not v.is_final]
    if not waiting:
        return []
    represented = represented_partners(user)
    if not represented:
        return []
    ids = [v.pk for v in waiting]
    responded = set(
        PartnerResponse.objects.filter(version__in=ids, partner__in=represented).values_list(
            "version_id", "partner_id"
        )
    )
    decided = {}
    for version_id, code, round_ in PartnerDecision.objects.filter(version__in=ids).values_list(
        "version_id", "partner__code", "round"
    ):
        decided.setdefault((version_id, round_), set()).add(code)
    deciding = list(deciding_partners())
    items = []
    for version in waiting:
        link = reverse("agenda:agenda_version", args=[version.pk])
        to_version = _("go to version %(number)s") % {"number": version.number}
        deadline = step_deadline(milestones, version.state)
        if open_for_responses(version) and any(
            (version.pk, p.pk) not in responded for p in represented
        ):
            text = (
                _("Response of your constituency requested before %(date)s")
                % {"date": date_format(deadline, "j F Y")}
                if deadline
                else _("Response of your constituency requested")
            )
            items.append(
                ForYouItem("response", text, to_version, link, RANKS.index("response"), deadline)
            )
        codes = decided.get((version.pk, version.decision_round), set())
        for partner in represented:
            if open_for_decision(version, partner, deciding=deciding, decided_codes=codes):
                values = {
                    "partner": partner.code,
                    "date": deadline and date_format(deadline, "j F Y"),
                }
                text = (
                    _("Decision of %(partner)s requested before %(date)s") % values
                    if deadline
                    else _("Decision of %(partner)s requested") % values
                )
                items.append(
                    ForYouItem(
                        "decision", text, to_version, link, RANKS.index("decision"), deadline
                    )
                )
    return items


def _writer_items(user, edition) -> list[ForYouItem]:
    """The user's team's chapters that were returned or have open comments (never a
    chapter of a team they do not write for: a writer reads their own team's chapter)."""
    writable = team_ids_with(user, TeamPerm.WRITE)
    chapters = (
        with_task_status(Contribution.objects.for_edition(edition).filter(team__in=writable))
        .without_text()
        .with_open_comments()
        .with_open_proposals()
        .select_related("team")
        .order_by("team__number")
    )
    items = []
    for chapter in chapters:
        name = f"{chapter.team.number}. {chapter.team.name}"
        url = chapter.get_absolute_url()
        if task_status(chapter) == TaskStatus.RETURNED:
            items.append(
                ForYouItem(
                    "returned",
                    _("%(team)s was returned to your team") % {"team": name},
                    _("read the reason"),
                    url,
                    RANKS.index("returned"),
                )
            )
        if chapter.open_comments:
            items.append(
                ForYouItem(
                    "comments",
                    ngettext(
                        "%(count)s open comment on %(team)s",
                        "%(count)s open comments on %(team)s",
                        chapter.open_comments,
                    )
                    % {"count": chapter.open_comments, "team": name},
                    _("go to the comments"),
                    url + "#reacties",
                    RANKS.index("comments"),
                )
            )
        if chapter.open_proposals:
            items.append(
                ForYouItem(
                    "proposals",
                    ngettext(
                        "%(count)s proposed change to %(team)s waits for your decision",
                        "%(count)s proposed changes to %(team)s wait for your decision",
                        chapter.open_proposals,
                    )
                    % {"count": chapter.open_proposals, "team": name},
                    _("go to the proposals"),
                    url + "#voorstellen",
                    RANKS.index("comments"),
                )
            )
    return items


DECIDED_DAYS = 14
"""How long "Voor u" tells a proposer what the writers decided."""


def _proposer_items(user) -> list[ForYouItem]:
    """The user's proposals the writers decided on in the last ``DECIDED_DAYS`` days."""
    since = timezone.now() - datetime.timedelta(days=DECIDED_DAYS)
    decided = (
        Proposal.objects.filter(author=user, decided_at__gte=since)
        .select_related("contribution__team")
        .only("state", "contribution__team__number", "contribution__team__name")
        .order_by("-decided_at")
    )
    items = []
    for proposal in decided:
        team = proposal.contribution.team
        values = {"team": f"{team.number}. {team.name}"}
        accepted = proposal.state == Proposal.State.ACCEPTED
        items.append(
            ForYouItem(
                "proposal_decided",
                (
                    _("Your proposal to %(team)s was accepted")
                    if accepted
                    else _("Your proposal to %(team)s was not accepted")
                )
                % values,
                _("read the decision"),
                reverse("agenda:proposal_decision", args=[proposal.pk]),
                RANKS.index("comments"),
            )
        )
    return items


def _coordinator_items(edition) -> list[ForYouItem]:
    """Texts waiting for review, and the newest version when its next step is the
    coordinators' (not while it waits on the constituencies or the boards)."""
    submitted = Reviewed.State.SUBMITTED
    items = [
        ForYouItem(
            "review",
            _("%(team)s is waiting for review") % {"team": f"{c.team.number}. {c.team.name}"},
            _("review"),
            c.get_absolute_url(),
            RANKS.index("review"),
        )
        for c in Contribution.objects.for_edition(edition)
        .filter(state=submitted)
        .without_text()
        .select_related("team")
        .order_by("team__number")
    ]
    items += [
        ForYouItem(
            "review",
            _("%(team)s is waiting for review") % {"team": text.title},
            _("review"),
            text.get_absolute_url(),
            RANKS.index("review"),
        )
        for text in NetworkText.objects.filter(edition=edition, state=submitted).only(
            "kind", "state"
        )
    ]
    newest = AgendaVersion.objects.for_edition(edition).order_by("-sequence").first()
    if newest is None or newest.is_final or not _coordinators_turn(newest):
        return items
    steps = next_steps(newest)
    items.append(
        ForYouItem(
            "version_step",
            _("Version %(number)s is ready for the next step: %(step)s")
            % {"number": newest.number, "step": steps[0].label},
            _("go to version %(number)s") % {"number": newest.number},
            reverse("agenda:agenda_version", args=[newest.pk]),
            RANKS.index("version_step"),
        )
    )
    return items


def _coordinators_turn(version) -> bool:
    """Whether the version waits on the coordinators rather than on the partners."""
    if version.state == AgendaVersion.State.CONSULTATION:
        return step_refusal(version, Step.ESTABLISH) is None
    if version.state == AgendaVersion.State.DECISION:
        return step_refusal(version, Step.RATIFY) is None
    return True


class TaskStatus(TextChoices):
    """What a chapter's (or network text's) tag says on the writers' task list: what is
    true now, read from its state, whether anything was written and its latest step."""

    NOT_STARTED = "not_started", gettext_lazy("Not started")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    RETURNED = "returned", gettext_lazy("Returned")
    APPROVED = "approved", gettext_lazy("Approved")


def with_task_status(queryset):
    """``queryset`` (contributions or network texts) with ``last_step``: the state of the
    latest history record that is not a concept (submitted, approved or None). One
    subquery, served by the history's (object, date, id, state) index, however long the
    histories are; ``task_status`` reads it."""
    steps = (
        queryset.model.history.model.objects.filter(id=OuterRef("pk"))
        .exclude(state=Contribution.State.CONCEPT)
        .order_by("-history_date", "-history_id")
        .values("state")[:1]
    )
    return queryset.annotate(last_step=Subquery(steps))


def task_status(obj) -> TaskStatus:
    """The task-list status of ``obj`` (annotated by ``with_task_status``).

    A returned chapter stays *Returned* while the team edits it, until it is submitted
    again: the tag tells the team it still has to act on the reason (the same rule as
    ``last_return``). A chapter reopened after an approval is *In progress*.
    """
    if obj.state == Contribution.State.SUBMITTED:
        return TaskStatus.SUBMITTED
    if obj.state == Contribution.State.APPROVED:
        return TaskStatus.APPROVED
    if obj.last_step == Contribution.State.SUBMITTED:
        return TaskStatus.RETURNED
    if obj.updated_at is None or _nothing_written(obj):
        return TaskStatus.NOT_STARTED
    return TaskStatus.IN_PROGRESS


def _nothing_written(obj) -> bool:
    if isinstance(obj, Contribution):
        return not any(obj.word_counts.values())  # counted at save time: no text is read
    return bool(obj.missing_parts())


def own_team_ids(user) -> set[int]:
    """Ids of the teams whose chapter is the user's own: where they write or are a team
    member (read-alongs are guests). One query."""
    if not user.is_authenticated:
        return set()
    roles = [Membership.Role.WRITER, Membership.Role.MEMBER]
    return set(
        Membership.objects.filter(user=user, role__in=roles).values_list("team_id", flat=True)
    )


def review_baseline_id(contribution: Contribution) -> int | None:
    """The version a reviewer compares the newest one with: the one submitted before it
    (what was reviewed last time) or else the last approved one; None when there is no
    such version yet. One query.

    Submitted and approved records count, newest first, except the newest record of
    the history (the submission under review, or the return a team is working on).
    """
    history = contribution.history.order_by("-history_date", "-history_id")
    newest = Subquery(history.values("history_id")[:1])
    return (
        history.filter(state__in=[Contribution.State.SUBMITTED, Contribution.State.APPROVED])
        .exclude(history_id=newest)
        .values_list("history_id", flat=True)
        .first()
    )


def readable_version(user, pk: int) -> AgendaVersion:
    """Agenda version ``pk`` with what its pages show (edition, compiler, PDF), when
    ``user`` may read it (``permissions.check_agenda_version``: 404 otherwise)."""
    version = get_object_or_404(
        AgendaVersion.objects.with_superseded().select_related("edition", "compiled_by", "pdf"),
        pk=pk,
    )
    check_agenda_version(user, version)
    return version
