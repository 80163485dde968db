"""The progress report (*voortgangsrapportage*) as PDF: the print HTML made from the
figures stored with the report (``tracking.reports.report_content``), in template
``agenda/print/progress_report.html``. Everything in it is escaped plain text; nothing
to sanitise.
"""

import datetime
from types import SimpleNamespace

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from agenda.models import QUARTERS, ActionStatus, ProgressReport
from agenda.tracking.selectors import figures_chart
from partners.models import Partner


def _shown(action: dict, team: dict, quarters: dict) -> SimpleNamespace:
    """One stored action as the print template reads it, its labels in today's language."""
    update = action["update"]
    return SimpleNamespace(
        **action
        | {
            "team": team,
            "status_label": ActionStatus(action["status"]).label,
            "quarter_labels": [str(quarters.get(code, code)) for code in action["quarters"]],
            "update": None
            if update is None
            else SimpleNamespace(**update | {"date": datetime.date.fromisoformat(update["date"])}),
        }
    )


def report_context(report: ProgressReport) -> dict:
    """What the print template shows of ``report``, from its stored ``content``."""
    content = report.content
    quarters = dict(QUARTERS)
    teams = [
        SimpleNamespace(
            number=team["number"],
            name=team["name"],
            actions=[_shown(action, team, quarters) for action in team["actions"]],
        )
        for team in content["teams"]
    ]
    by_id = {action.id: action for team in teams for action in team.actions}
    figures = figures_chart(
        [
            (SimpleNamespace(number=row["number"], name=row["name"]), row["counts"])
            for row in content["figures"]
        ]
    )
    return {
        "report": report,
        "edition": report.edition,
        "version": report.version,
        "is_concept": not report.is_final,
        "today": datetime.date.fromisoformat(content["today"]),
        "partners": Partner.objects.all(),
        "teams": teams,
        "late": [by_id[pk] for pk in content["late"] if pk in by_id],
        "due_count": sum(action.due for action in by_id.values()),
        "in_print": True,
    } | figures


def progress_report_html(report: ProgressReport) -> str:
    """The print HTML of ``report`` in the site's language, CONCEPT until it is final."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("agenda/print/progress_report.html", report_context(report))
