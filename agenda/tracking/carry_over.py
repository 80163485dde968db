"""Into the next edition: when a coordinator has opened a new edition, the previous
edition's unfinished tracked actions (neither done nor dropped) can be carried into the
new chapters as draft action rows, chosen one by one, each with a note of where it came
from. An action is carried once (``TrackedAction.carried_over_at``)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agenda.errors import AgendaError
from agenda.models import ActionStatus, AgendaVersion, Contribution, Edition, TrackedAction
from agenda.services.contributions import contribution_actions_append
from agenda.tracking.rules import can_carry_over
from infra.language import site_text


def unfinished_actions(edition):
    """The tracked actions of ``edition``'s ratified version (the newest) that are
    neither done nor dropped and not carried over yet, in agenda order (one query)."""
    version = AgendaVersion.objects.filter(
        edition=edition, state=AgendaVersion.State.RATIFIED
    ).order_by("-sequence")[:1]
    return (
        TrackedAction.objects.filter(version__in=version, carried_over_at__isnull=True)
        .exclude(status__in=[ActionStatus.DONE, ActionStatus.DROPPED])
        .select_related("team")
        .order_by("team__number", "row")
    )


def _row(action, previous) -> dict:
    """The draft action row: the activity, lead and expected result as they were, no
    quarters yet (the writers plan them), the origin noted under the result."""
    progress = "-" if action.percentage is None else f"{action.percentage}%"
    origin = site_text(
        gettext_noop("Carried over from %(edition)s (action %(row)s, %(status)s, %(progress)s)."),
        edition=previous.name,
        row=action.row + 1,
        status=site_text(action.Status(action.status).label),
        progress=progress,
    )
    result = f"{action.result}\n{origin}" if action.result else origin
    return {"activity": action.activity, "lead": action.lead, "quarters": [], "result": result}


@transaction.atomic
def actions_carry_over(*, user, edition, chosen: list[int]) -> int:
    """Copy the chosen unfinished actions of the edition before ``edition`` into the
    chapters of ``edition`` (one new history record per chapter, naming the origin) and
    mark them carried; the number carried.

    Refused unless ``can_carry_over``. Every chosen action must be unfinished and not
    carried yet, and every chapter it goes into a concept; otherwise nothing is copied.
    """
    if not can_carry_over(user):
        raise AgendaError(_("Only coordinators carry actions into the next edition."))
    previous = Edition.objects.before(edition)
    if previous is None:
        raise AgendaError(_("There is no previous edition."))
    actions = list(unfinished_actions(previous).filter(pk__in=chosen).select_for_update())
    if not chosen or len(actions) != len(set(chosen)):
        raise AgendaError(_("Choose one or more unfinished actions that were not carried over."))
    chapters = {
        chapter.team_id: chapter
        for chapter in Contribution.objects.filter(
            edition=edition, team__in=[a.team_id for a in actions]
        ).only("team_id")
    }
    for team_id in {action.team_id for action in actions}:
        team_actions = [action for action in actions if action.team_id == team_id]
        if team_id not in chapters:
            raise AgendaError(
                _("The new edition has no chapter for team %(number)s.")
                % {"number": team_actions[0].team.number}
            )
        note = site_text(
            gettext_noop("Unfinished actions carried over from %(edition)s: %(count)s"),
            count=len(team_actions),
            edition=previous.name,
        )
        contribution_actions_append(
            contribution=chapters[team_id],
            user=user,
            rows=[_row(action, previous) for action in team_actions],
            note=note,
        )
    TrackedAction.objects.filter(pk__in=[a.pk for a in actions]).update(
        carried_over_at=timezone.now()
    )
    return len(actions)
