"""*Voor u*: what waits on each person across the portal, most urgent first (GOV.UK
task list / notification banner pattern)."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agenda.governance.machine import (
    next_steps,
    open_for_decision,
    open_for_responses,
    waits_on_coordinators,
)
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
    agenda_versions_visible_to,
    can_review,
    can_take_governance_step,
    represented_partners,
    written_by,
)
from agenda.review.selectors import TaskStatus, task_status, with_task_status
from agenda.selectors.comments import unanswered_mentions
from agenda.selectors.timeline import is_passed, newest_state, step_deadline, threshold
from agenda.tracking.selectors import waiting_lines
from teams.permissions import is_coordinator


@dataclass
class ForYouItem:
    """One thing waiting on the user: a sentence and a link that says where to act.

    ``kind`` names it for styling and tests; overdue items come first, then ``rank``
    orders (lowest first: most urgent), then ``deadline``.
    """

    kind: str
    text: str
    link_text: str
    url: str
    rank: int
    deadline: datetime.date | None = None

    @property
    def overdue(self) -> bool:
        """Its deadline has passed and it still waits on the user: shown first, marked."""
        return self.deadline is not None and self.deadline < timezone.localdate()


RANKS = [
    "decision",
    "response",
    "deadline",
    "tracked_action",
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
        agenda_versions_visible_to(user, AgendaVersion.objects.for_edition(edition))
        .filter(state__in=GOVERNANCE_ITEM_STATES)
        .select_related("pdf")
    )
    milestones = list(edition.milestones.all())
    items = [
        *_partner_items(user, versions, milestones),
        *_writer_items(user, edition),
        *_deadline_items(user, edition, milestones),
        *_proposer_items(user),
        *_mention_items(user),
        *_tracking_items(user),
    ]
    items += _coordinator_items(user, edition)
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
    return sorted(
        items,
        key=lambda item: (not item.overdue, item.rank, item.deadline or datetime.date.max),
    )


def _tracking_items(user) -> list[ForYouItem]:
    """The tracked actions waiting on the user's update (``tracking.selectors``)."""
    rank = RANKS.index("tracked_action")
    return [
        ForYouItem("tracked_action", text, link_text, url, rank, deadline)
        for text, link_text, url, deadline in waiting_lines(user)
    ]


def _deadline_items(user, edition, milestones) -> list[ForYouItem]:
    """The writers' and coordinators' deadlines a reminder is due for now (``reminders``)
    or that have passed while they still have to act: writers while a chapter they
    write is still a concept, coordinators while the milestone's state is not passed.
    (Partners see theirs on their response and decision items.) No query unless a
    deadline is near or past."""
    today = timezone.localdate()
    near = [
        m
        for m in milestones
        if m.role in {Milestone.Role.WRITERS, Milestone.Role.COORDINATORS}
        and (threshold(m, today) is not None or m.date < today)
    ]
    if not near:
        return []
    state = newest_state(edition)
    writes_a_concept = written_by(user).filter(edition=edition, state=Reviewed.State.CONCEPT)
    acts = {
        Milestone.Role.WRITERS: writes_a_concept.exists(),
        Milestone.Role.COORDINATORS: is_coordinator(user),
    }
    return [
        ForYouItem(
            "deadline",
            (_("%(title)s: was due on %(date)s") if m.date < today else _("%(title)s: by %(date)s"))
            % {"title": m.title, "date": date_format(m.date, "j F Y")},
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
        late = deadline is not None and deadline < timezone.localdate()
        if open_for_responses(version) and any(
            (version.pk, p.pk) not in responded for p in represented
        ):
            if late:
                text = _("Response of your constituency was due on %(date)s")
            elif deadline:
                text = _("Response of your constituency requested before %(date)s")
            else:
                text = _("Response of your constituency requested")
            text = text % {"date": deadline and date_format(deadline, "j F Y")}
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
                if late:
                    text = _("Decision of %(partner)s was due on %(date)s") % values
                elif deadline:
                    text = _("Decision of %(partner)s requested before %(date)s") % values
                else:
                    text = _("Decision of %(partner)s requested") % values
                items.append(
                    ForYouItem(
                        "decision", text, to_version, link, RANKS.index("decision"), deadline
                    )
                )
    return items


def _writer_items(user, edition) -> list[ForYouItem]:
    """The user's team's chapters that were returned or have open comments (never a
    chapter of a team they do not write for: a writer reads their own team's chapter)."""
    chapters = (
        with_task_status(written_by(user).filter(edition=edition))
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


def _mention_items(user) -> list[ForYouItem]:
    """Mentions of ``user`` still waiting for an answer (``unanswered_mentions``)."""
    return [
        ForYouItem(
            "mention",
            _("%(who)s mentioned you on %(team)s")
            % {
                "who": c.author,
                "team": f"{c.contribution.team.number}. {c.contribution.team.name}",
            },
            _("go to the conversation"),
            reverse("agenda:comment_thread", args=[c.contribution_id, c.parent_id or c.pk]),
            RANKS.index("comments"),
        )
        for c in unanswered_mentions(user)
    ]


def _coordinator_items(user, edition) -> list[ForYouItem]:
    """For reviewers, texts waiting for review; for whoever takes the governance steps,
    the newest version when its next step is theirs (not while it waits on the
    constituencies or the boards)."""
    if not can_review(user):
        return []
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
    if newest is None or newest.is_final or not waits_on_coordinators(newest):
        return items
    steps = [step for step in next_steps(newest) if can_take_governance_step(user, step)]
    if not steps:
        return items
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
