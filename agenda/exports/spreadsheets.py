"""The annual programmes' actions as a spreadsheet (XLSX and CSV), for people who plan
with them outside the portal.

One row per action of the chapters the user may read (coordinators: all twelve): team,
activity, lead, quarters, expected result and the chapter's state. A spreadsheet program
runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and tab or carriage return) as
a formula, so such a cell is neutralised with a leading apostrophe (OWASP "CSV
injection"), in both formats.
"""

import csv
import io

import xlsxwriter
from django.utils.translation import gettext as _

from agenda.models import Contribution, labelled_actions, lead_choices
from teams.permissions import readable_team_ids

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: str) -> str:
    """``value`` as text a spreadsheet shows, never runs."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def header() -> list[str]:
    return [
        _("Team"),
        _("Activity"),
        _("Lead"),
        _("Planned quarters"),
        _("Expected result"),
        _("State"),
    ]


def action_rows(user, edition) -> list[list[str]]:
    """The rows of every action in the chapters ``user`` may read, in agenda order. Two
    queries, and one for the leads."""
    chapters = (
        Contribution.objects.for_edition(edition)
        .filter(team__in=readable_team_ids(user))
        .select_related("team")
        .only("team__number", "team__name", "state", "actions")
        .order_by("team__number")
    )
    leads = lead_choices()
    rows = []
    for chapter in chapters:
        for action in labelled_actions(chapter.actions, leads=leads):
            cells = [
                f"{chapter.team.number}. {chapter.team.name}",
                action.get("activity", ""),
                action["lead_label"],
                ", ".join(action["quarter_labels"]),
                action.get("result", ""),
                str(chapter.get_state_display()),
            ]
            rows.append([neutralised(str(cell)) for cell in cells])
    return rows


def as_csv(rows: list[list[str]], *, columns: list[str] | None = None) -> bytes:
    """CSV as Dutch Excel opens it: semicolons, UTF-8 with a byte-order mark; ``columns``
    names the columns (the actions' ``header`` when None)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(columns or header())
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(
    rows: list[list[str]],
    *,
    columns: list[str] | None = None,
    widths: list[int] | None = None,
    title: str | None = None,
) -> bytes:
    """One worksheet, a bold header row that stays in view, every cell written as text;
    ``columns``, ``widths`` and ``title`` default to those of the actions export."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet((title or _("Actions"))[:31])
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.write_row(0, 0, columns or header(), bold)
    for number, row in enumerate(rows, 1):
        for column, cell in enumerate(row):
            sheet.write_string(number, column, cell, wrap)
    for column, width in enumerate(widths or [32, 40, 20, 14, 48, 14]):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return out.getvalue()
