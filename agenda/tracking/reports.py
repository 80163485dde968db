"""The quarterly progress report (*voortgangsrapportage*) as a machine: a coordinator asks
for a quarter's report, which takes today's figures once (``report_content``, stored
with the report) and asks the worker for its concept PDF; asked again while it is a
concept, it takes the figures again; a coordinator makes it final after reading it, and
the worker makes the final PDF from the same figures. The rules are in
``tracking.rules``; the print HTML in ``pdf.reports``.

Taking the figures once is what lets the concept and the final PDF show the same, and a
PDF made again (its file lost in a restore) is the same PDF.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.errors import AgendaError
from agenda.models import AgendaVersion, ProgressReport
from agenda.pdf.html import public_name
from agenda.pdf.tasks import request_render
from agenda.tracking.rules import can_make_progress_report
from agenda.tracking.selectors import network_figures, report_actions
from infra.language import site_language
from teams.permissions import coordinator_ids


def report_content(version, quarter: int, *, today: datetime.date | None = None) -> dict:
    """What the report of ``quarter`` shows of ``version``'s tracked actions today, as
    plain data: the network's figures per team (``network_figures``), every action per
    team with its status, progress and last update (``report_actions``, which also says
    which are late and which are planned in the quarter). Authors are named as printed
    documents name people (``public_name``), in the site's language. Five queries."""
    today = today or timezone.localdate()
    figures = network_figures(version)
    listed = report_actions(version, quarter, today=today)
    due = {action.pk for action in listed["due"]}
    authors = {
        action.last_update.author_id
        for _team, actions in listed["teams"]
        for action in actions
        if action.last_update is not None
    }
    people = get_user_model().objects.select_related("organisation", "partner").in_bulk(authors)
    coordinators = coordinator_ids()
    with site_language():
        names = {pk: public_name(person, coordinators) for pk, person in people.items()}

    def row(action) -> dict:
        update = action.last_update
        return {
            "id": action.pk,
            "activity": action.activity,
            "lead": action.lead_label,
            "quarters": action.quarters,
            "status": action.status,
            "percentage": action.percentage,
            "late": action.late,
            "due": action.pk in due,
            "update": None
            if update is None
            else {
                "date": timezone.localdate(update.created_at).isoformat(),
                "author": names.get(update.author_id, ""),
                "text": update.text,
            },
        }

    return {
        "today": today.isoformat(),
        "figures": [
            {"number": bar.team.number, "name": bar.team.name, "counts": bar.counts}
            for bar in figures["bars"]
        ],
        "teams": [
            {"number": team.number, "name": team.name, "actions": [row(a) for a in actions]}
            for team, actions in listed["teams"]
        ],
        "late": [action.pk for action in listed["late"]],
    }


def progress_report_request(*, version: AgendaVersion, quarter: int, user) -> ProgressReport:
    """The progress report of ``quarter`` of the programme year on ``version``'s tracked
    actions, with today's figures taken into it (``reports.report_content``) and its
    concept PDF asked of the worker; coordinators only (``can_make_progress_report``).

    Asked again while it is a concept, it takes the figures again and is made again (the
    older PDF stays stored under its own content); a final report is refused.
    """
    if not can_make_progress_report(user, version):
        raise AgendaError(_("Only coordinators make a progress report."))
    if quarter not in range(1, 5):
        raise AgendaError(_("Choose a quarter from 1 to 4."))
    year = version.edition.programme_year
    with transaction.atomic():
        # Two coordinators asking at once for a new quarter: one creates the row, the
        # other waits for it (``get_or_create`` reads it again, locked).
        report, _created = ProgressReport.objects.select_for_update().get_or_create(
            version=version,
            year=year,
            quarter=quarter,
            defaults={
                "edition_id": version.edition_id,
                "requested_by": user,
                "taken_at": timezone.now(),
            },
        )
        if report.is_final:
            raise AgendaError(
                _("The report of Q%(quarter)s %(year)s is final and is not made again.")
                % {"quarter": quarter, "year": year}
            )
        report.content = report_content(version, quarter)
        report.taken_at = timezone.now()
        report.requested_by = user
        report.save()
        request_render(report)
    return report


def progress_report_finalise(*, report: ProgressReport, user, read: str) -> ProgressReport:
    """Mark ``report`` final (``final_by``, ``final_at``) and ask the worker for its final
    PDF: the same figures without the CONCEPT mark, so a PDF of its own. Coordinators
    only, once, and only after its concept PDF has been made (someone has read it);
    ``read``: when the figures the coordinator read were taken (``taken_at``, ISO), so
    that a report made again since is not made final unread. A second coordinator at
    the same moment is refused, and nothing is recorded twice.
    """
    if not can_make_progress_report(user, report.version):
        raise AgendaError(_("Only coordinators make a progress report final."))
    with transaction.atomic():
        locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if locked.is_final:
            raise AgendaError(_("This progress report is final already."))
        if not locked.pdf_ready:
            raise AgendaError(
                _("The concept PDF is not ready yet. Read it before you make the report final.")
            )
        if read != locked.taken_at.isoformat():
            raise AgendaError(
                _(
                    "The report has been made again with newer figures since you opened "
                    "that page. Read it again before you make it final."
                )
            )
        locked.final_by, locked.final_at = user, timezone.now()
        locked.save(update_fields=["final_by", "final_at"])
        request_render(locked)
    report.final_by, report.final_at = locked.final_by, locked.final_at
    report.pdf_status, report.pdf_error = locked.pdf_status, locked.pdf_error
    report.pdf_requested_at = locked.pdf_requested_at
    return report
