"""What the tracked-action pages read: the edition's ratified version, its actions per
team, per lead partner and per quarter, the network's figures (a table and a bar chart
drawn on the server) and one action with its updates. Every list is one query, however
many actions and updates there are."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agenda.models import (
    ActionStatus,
    AgendaVersion,
    ProgressUpdate,
    TrackedAction,
    quarter_of,
)
from agenda.models.tracking import quarter_end, quarter_start
from agenda.permissions import actions_updatable_by, can_follow_actions
from partners.models import Partner
from teams.models import Team

STATUSES = list(ActionStatus)
"""The statuses in the order of the overview's columns and the chart's segments."""


def followed_version(user) -> AgendaVersion:
    """The ratified version the network follows (``AgendaVersion.objects.followed``) when
    ``user`` may follow its actions (``can_follow_actions``); else 404."""
    version = AgendaVersion.objects.followed()
    if version is None or not can_follow_actions(user, version):
        raise Http404
    return version


def public_version() -> AgendaVersion:
    """The ratified version the network follows, whoever asks; else 404. The public
    progress page asks its own rule (``tracking.rules.can_read_public_progress``)."""
    version = AgendaVersion.objects.followed()
    if version is None:
        raise Http404
    return version


def public_progress(version, *, today=None) -> list[tuple]:
    """(team, actions) per team in agenda order: each action with its status, progress,
    ``late`` and ``public_updates`` (only the update texts marked public, newest first;
    never who wrote them). Two queries."""
    public = ProgressUpdate.objects.filter(public=True).only(
        "action_id", "created_at", "text", "link"
    )
    actions = _marked(
        TrackedAction.objects.of_version(version)
        .select_related("team", "edition")
        .prefetch_related(Prefetch("updates", queryset=public, to_attr="public_updates"))
        .order_by("team__number", "row"),
        today or timezone.localdate(),
    )
    teams = {}
    for action in actions:
        teams.setdefault(action.team, []).append(action)
    return list(teams.items())


def followed_action(user, pk: int) -> TrackedAction:
    """Tracked action ``pk`` with what its page shows, when ``user`` may follow it; else 404."""
    action = get_object_or_404(
        TrackedAction.objects.select_related("version", "edition", "team", "lead_partner"), pk=pk
    )
    if not can_follow_actions(user, action.version):
        raise Http404
    return action


def _marked(actions, today: datetime.date) -> list[TrackedAction]:
    """The actions as a list, each with ``late`` set (``TrackedAction.is_late``)."""
    actions = list(actions)
    for action in actions:
        action.late = action.is_late(today)
    return actions


def _listed(version):
    return TrackedAction.objects.of_version(version).for_pages().select_related("edition")


def team_actions(version, team, *, today=None) -> list[TrackedAction]:
    """The team's chapter's actions in row order, with status, progress and last update."""
    return _marked(_listed(version).filter(team=team), today or timezone.localdate())


def partner_actions(version, partner, *, today=None) -> list[TrackedAction]:
    """Every action ``partner`` leads (named in the row, or through the system provision
    it represents), across the teams."""
    return _marked(_listed(version).filter(lead_partner=partner), today or timezone.localdate())


def chosen_quarter(version, asked: str | None, today: datetime.date) -> int:
    """The quarter the page shows: the one asked for (1 … 4), else today's when today is in
    the programme year, else the year's last (after it) or first (before it)."""
    if asked in {"1", "2", "3", "4"}:
        return int(asked)
    year = version.edition.programme_year
    if today.year == year:
        return quarter_of(today)
    return 4 if today.year > year else 1


def quarter_actions(version, quarter: int, *, today=None):
    """(late, due): every late action first (``is_late``), then the others planned in
    ``quarter``."""
    listed = report_actions(version, quarter, today=today)
    return listed["late"], listed["due"]


def report_actions(version, quarter: int, *, today=None) -> dict:
    """Every action of ``version`` per team in agenda order (``teams``: (team, actions)),
    the late ones (``late``, ``is_late``) and the others planned in ``quarter`` (``due``);
    each with ``late`` set, its lead partner and its last update with the author. The
    quarter's page and the progress report read it. One query."""
    actions = _marked(_listed(version), today or timezone.localdate())
    teams = {}
    for action in actions:
        teams.setdefault(action.team, []).append(action)
    return {
        "teams": list(teams.items()),
        "late": [action for action in actions if action.late],
        "due": [action for action in actions if not action.late and action.is_due_in(quarter)],
    }


def since_quarter_began(today: datetime.date) -> datetime.datetime:
    """The moment today's quarter began, in the site's time zone."""
    start = datetime.datetime.combine(quarter_start(today), datetime.time.min)
    return timezone.make_aware(start)


def without_update_since(actions, today: datetime.date):
    """``actions`` (a queryset) neither done nor dropped that have had no progress update
    since today's quarter began."""
    return actions.exclude(status__in=[ActionStatus.DONE, ActionStatus.DROPPED]).filter(
        Q(last_update__isnull=True) | Q(last_update__created_at__lt=since_quarter_began(today))
    )


def is_due_now(action, today: datetime.date) -> bool:
    """Planned in today's quarter of the programme year (``edition`` loaded)."""
    return action.edition.programme_year == today.year and action.is_due_in(quarter_of(today))


def waiting_on(user, version, *, today=None) -> list[TrackedAction]:
    """*Voor u*: the tracked actions of ``version`` that wait on ``user``: the ones they
    may update (``actions_updatable_by``) that are late or planned in today's quarter and
    have had no update since it began, late first. One query."""
    today = today or timezone.localdate()
    actions = _marked(
        without_update_since(actions_updatable_by(user).filter(version=version), today)
        .select_related("team", "edition")
        .only("team__number", "team__name", "edition__programme_year", *WAITING_FIELDS)
        .order_by("team__number", "row"),
        today,
    )
    late = [action for action in actions if action.late]
    return late + [a for a in actions if not a.late and is_due_now(a, today)]


WAITING_FIELDS = ["activity", "quarters", "status", "team", "edition", "last_update"]


def waiting_lines(user, *, today=None) -> list[tuple]:
    """*Voor u*'s lines for the actions waiting on ``user`` (``waiting_on``) in the
    ratified version the network follows (``AgendaVersion.objects.followed``), when the
    user may follow it: (text, link text, url, deadline), late first, a late one's
    deadline the end of its last quarter. At most five queries."""
    ratified = AgendaVersion.objects.followed()
    if ratified is None or not can_follow_actions(user, ratified):
        return []
    today = today or timezone.localdate()
    lines = []
    for action in waiting_on(user, ratified, today=today):
        values = {
            "action": Truncator(action.activity).chars(80),
            "team": f"{action.team.number}. {action.team.name}",
        }
        if action.late:
            text = _("%(action)s (%(team)s) is late and has had no update this quarter")
            deadline = quarter_end(action.edition.programme_year, action.quarter_numbers[-1])
        else:
            text = _("%(action)s (%(team)s) is planned this quarter and has had no update yet")
            deadline = quarter_end(today.year, quarter_of(today))
        lines.append((text % values, _("post an update"), action.get_absolute_url(), deadline))
    return lines


def action_updates(action):
    """The action's progress updates, newest first, with their authors."""
    return list(action.updates.select_related("author"))


@dataclass(frozen=True)
class Segment:
    status: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    team: Team
    total: int
    counts: list[int]  # per status, in ``STATUSES`` order
    y: float
    segments: list[Segment]


CHART_WIDTH = 640
LABEL_WIDTH = 40  # the team numbers before the bars
TOTAL_WIDTH = 40  # the totals after them
BAR_HEIGHT = 20
BAR_GAP = 8


def network_figures(version) -> dict:
    """Twelve teams by status: per team the counts and the bar the chart draws, the
    totals per status, and the chart's size (two queries)."""
    counted = (
        TrackedAction.objects.of_version(version)
        .order_by()
        .values("team_id", "status")
        .annotate(n=Count("pk"))
    )
    counts = {(row["team_id"], row["status"]): row["n"] for row in counted}
    return figures_chart(
        [
            (team, [counts.get((team.pk, status), 0) for status in STATUSES])
            for team in Team.objects.order_by("number")
        ]
    )


def partner_figures(version) -> dict:
    """The six partners by status, counting the actions each leads (``lead_partner``; an
    action led by no partner is not counted): as ``network_figures``, a partner in the
    place of a team (two queries)."""
    counted = (
        TrackedAction.objects.of_version(version)
        .filter(lead_partner__isnull=False)
        .order_by()
        .values("lead_partner_id", "status")
        .annotate(n=Count("pk"))
    )
    counts = {(row["lead_partner_id"], row["status"]): row["n"] for row in counted}
    return figures_chart(
        [
            (partner, [counts.get((partner.pk, status), 0) for status in STATUSES])
            for partner in Partner.objects.all()
        ]
    )


def figures_chart(rows) -> dict:
    """The network's figures and the bar chart that draws them, from ``rows``: (team,
    its count per status in ``STATUSES`` order) in agenda order. A team is anything with
    a ``number`` and a ``name`` (the progress report passes what it stored). No query."""
    widest = max([sum(row) for _team, row in rows] + [1])
    scale = (CHART_WIDTH - LABEL_WIDTH - TOTAL_WIDTH) / widest
    bars = []
    for index, (team, row) in enumerate(rows):
        segments, x = [], float(LABEL_WIDTH)
        for status, count in zip(STATUSES, row, strict=True):
            if count:
                segments.append(Segment(status.value, count, x, count * scale))
                x += count * scale
        bars.append(Bar(team, sum(row), list(row), index * (BAR_HEIGHT + BAR_GAP), segments))
    totals = [sum(bar.counts[i] for bar in bars) for i in range(len(STATUSES))]
    return {
        "statuses": STATUSES,
        "bars": bars,
        "totals": totals,
        "status_totals": list(zip(STATUSES, totals, strict=True)),
        "total": sum(totals),
        "chart": {
            "width": CHART_WIDTH,
            "height": len(bars) * (BAR_HEIGHT + BAR_GAP),
            "bar_height": BAR_HEIGHT,
            "label_x": LABEL_WIDTH - 8,
            "total_x": CHART_WIDTH - TOTAL_WIDTH + 6,
            "text_dy": BAR_HEIGHT * 0.7,
        },
    }
