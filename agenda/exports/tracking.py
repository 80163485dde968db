"""The tracked actions as a spreadsheet (XLSX and CSV): one row per action the user may
follow, with its status, progress and last update. Cells are neutralised as in the
actions export (``spreadsheets.neutralised``); the first column is the number the
coordinators' import of updates asks for (``tracking.imports``)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agenda.exports.spreadsheets import as_csv, as_xlsx, neutralised
from agenda.models import TrackedAction
from agenda.permissions import tracked_actions_visible_to

WIDTHS = [10, 32, 40, 20, 14, 14, 10, 10, 14, 48]


def columns() -> list[str]:
    return [
        _("Action number"),
        _("Team"),
        _("Activity"),
        _("Lead"),
        _("Planned quarters"),
        _("Status"),
        _("Progress (%)"),
        _("Late"),
        _("Last update"),
        _("Last update (text)"),
    ]


def tracked_action_rows(user, version, *, today=None) -> list[list[str]]:
    """The rows of every tracked action of ``version`` that ``user`` may follow, in
    agenda order. One query."""
    today = today or timezone.localdate()
    actions = tracked_actions_visible_to(user, TrackedAction.objects.of_version(version))
    rows = []
    for action in actions.for_pages().select_related("edition"):
        update = action.last_update
        cells = [
            str(action.pk),
            f"{action.team.number}. {action.team.name}",
            action.activity,
            action.lead_label,
            ", ".join(action.quarter_labels),
            str(action.get_status_display()),
            "" if action.percentage is None else str(action.percentage),
            _("yes") if action.is_late(today) else _("no"),
            date_format(timezone.localtime(update.created_at), "Y-m-d") if update else "",
            update.text if update else "",
        ]
        rows.append([neutralised(cell) for cell in cells])
    return rows


def tracked_actions_csv(rows) -> bytes:
    return as_csv(rows, columns=columns())


def tracked_actions_xlsx(rows) -> bytes:
    return as_xlsx(rows, columns=columns(), widths=WIDTHS, title=_("Actions in progress"))
