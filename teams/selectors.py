"""What the overview of the programme teams reads about their members: one aggregate
query each, so that a team of fifty costs what a team of five does."""

from django.db.models import Count, F
from django.utils.translation import ngettext_lazy

from partners.models import Organisation
from teams.models import Membership

# A role counted ("3 schrijvers"), in the order of ``Membership.Role``.
ROLE_COUNTS = {
    Membership.Role.WRITER: ngettext_lazy("%(count)d writer", "%(count)d writers", "count"),
    Membership.Role.MEMBER: ngettext_lazy(
        "%(count)d team member", "%(count)d team members", "count"
    ),
    Membership.Role.READ_ALONG: ngettext_lazy(
        "%(count)d read-along", "%(count)d read-alongs", "count"
    ),
}


def organisations_by_team() -> dict[int, list[Organisation]]:
    """Team id -> the distinct organisations its members work for, by name. One query
    (an organisation appears once per team, however many of its people take part)."""
    organisations = (
        Organisation.objects.filter(people__memberships__isnull=False)
        .annotate(team_id=F("people__memberships__team_id"))
        .distinct()
        .order_by("name", "pk")
    )
    teams: dict[int, list[Organisation]] = {}
    for organisation in organisations:
        teams.setdefault(organisation.team_id, []).append(organisation)
    return teams


def participant_counts() -> dict[int, list[str]]:
    """Team id -> how many participants it has in each role, as phrases in role order
    ("3 schrijvers", "12 teamleden"); roles nobody has are left out. One query."""
    counts = {
        (row["team_id"], row["role"]): row["count"]
        for row in Membership.objects.order_by()
        .values("team_id", "role")
        .annotate(count=Count("pk"))
    }
    teams: dict[int, list[str]] = {}
    for team_id in sorted({team_id for team_id, _role in counts}):
        teams[team_id] = [
            phrase % {"count": count}
            for role, phrase in ROLE_COUNTS.items()
            if (count := counts.get((team_id, role)))
        ]
    return teams
