"""The progress report (*voortgangsrapportage*) as PDF: what it shows, taken once when a
coordinator asks for it (``report_content``, stored with the report), and the print HTML
made from that (``progress_report_html``, template ``agenda/print/progress_report.html``).

Taking the figures once is what lets the concept and the final PDF show the same: marking
a report final changes only its CONCEPT mark, and a PDF made again (its file lost in a
restore) is the same PDF. Everything in it is escaped plain text; nothing to sanitise.
"""

import datetime
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import timezone, translation

from agenda.models import QUARTERS, ActionStatus, ProgressReport
from agenda.pdf.html import public_name
from agenda.tracking.selectors import figures_chart, network_figures, report_actions
from infra.language import site_language
from partners.models import Partner
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
