"""Who imports progress updates, who carries actions into the next edition, who reads
the public progress page, who is asked for an update, and who makes and reads the
quarterly progress reports.

Rules of the same kind as ``agenda.permissions`` (one function each, the twin beside
it), kept apart only because that module is full; the rules of who follows the actions
and who posts an update stay there (``can_follow_actions``, ``can_post_update``).
Views, services and reminders ask these and never re-derive them.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from agenda.models import ProgressReport
from agenda.permissions import (
    agenda_versions_visible_to,
    can_follow_actions,
    is_participant,
    representatives,
    represented_partners,
    writers_of,
)
from teams.permissions import is_coordinator


def can_import_updates(user, version) -> bool:
    """Coordinators import progress updates from a CSV file, on behalf of the writers and
    the lead partners who sent them their figures: the updates are theirs as author,
    marked *via import*. Posting one by one stays with ``can_post_update``."""
    return is_coordinator(user) and can_follow_actions(user, version)


def can_carry_over(user) -> bool:
    """Coordinators carry the previous edition's unfinished actions into the chapters of
    the current one."""
    return is_coordinator(user)


def can_read_public_progress(user) -> bool:
    """The public progress page (statuses, percentages and the update texts marked
    public) is for anyone, logged in or not, while the site publishes the ratified agenda
    (``PUBLIC_FINAL_AGENDA``); otherwise it does not exist."""
    return settings.PUBLIC_FINAL_AGENDA


def update_posters(action):
    """The active people ``can_post_update`` admits on ``action``, as a queryset: the
    team's writers (``writers_of``) and the lead partner's representatives
    (``representatives``). Two subqueries, one query."""
    writers = writers_of(action.team_id)
    if action.lead_partner_id is None:
        return writers
    leads = representatives([action.lead_partner])
    return get_user_model().objects.filter(
        Q(pk__in=writers.values("pk")) | Q(pk__in=leads.values("pk"))
    )


def can_make_progress_report(user, version) -> bool:
    """Coordinators ask for the progress report of a quarter on the tracked actions of
    ``version`` and mark it final, for the administrative council."""
    return is_coordinator(user) and can_follow_actions(user, version)


def can_read_progress_report(user, report) -> bool:
    """A progress report (concept or final) is for whoever follows the actions it reports
    on (``can_follow_actions``): the participants and the partner representatives."""
    return can_follow_actions(user, report.version)


def progress_reports_visible_to(user):
    """The progress reports ``can_read_progress_report`` admits ``user`` to, as a
    queryset (the same test as ``tracked_actions_visible_to``)."""
    if not (is_participant(user) or represented_partners(user)):
        return ProgressReport.objects.none()
    return ProgressReport.objects.filter(version__in=agenda_versions_visible_to(user))
