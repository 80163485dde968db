"""The coordinators' import of progress updates from a CSV file: every row is checked
first, and the updates are posted all together or not at all.

A row holds, in this order: the action's number (the first column of the export), the
new status (empty: unchanged; the code or the label in Dutch or English), the
percentage (empty: the status's default), the text, a link and whether the text is
public (ja/nee, yes/no, 1/0; empty: no). A first row that does not begin with a number
names the columns and is skipped. Semicolons or commas, UTF-8 (a byte-order mark is
allowed).

The coordinator who imports is the updates' author, each marked *via import*
(``ProgressUpdate.via_import``); the rule is ``tracking.rules.can_import_updates``, and
each update goes through the same checks as one posted on the action's page
(``services.update_apply``).
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda.errors import AgendaError
from agenda.models import ActionStatus, TrackedAction
from agenda.tracking.rules import can_import_updates
from agenda.tracking.services import MAX_LINK, MAX_TEXT, update_apply

MAX_BYTES = 1_000_000
MAX_ROWS = 2000

COLUMNS = [
    ("action", gettext_lazy("action number")),
    ("status", gettext_lazy("status")),
    ("percentage", gettext_lazy("progress (%)")),
    ("text", gettext_lazy("text")),
    ("link", gettext_lazy("link")),
    ("public", gettext_lazy("public")),
]
YES = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
NO = {"", "nee", "n", "no", "0", "false", "onwaar"}


@dataclass(frozen=True)
class RowError:
    """What is wrong where: ``row`` is the line in the file (1 is the first), ``column``
    the column's name (empty for the whole row or file)."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportRow:
    row: int
    action: TrackedAction
    status: str
    percentage: int | None
    text: str
    link: str
    public: bool


class ImportRefused(AgendaError):
    """The file was not imported; ``errors`` says why, per row and column."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(_("Nothing was imported: the file has errors."))


def _statuses() -> dict[str, str]:
    """Every way a status may be written (code, Dutch and English label) -> its code."""
    found = {}
    for status in ActionStatus:
        found[status.value] = status.value
        for language in ("nl", "en"):
            with translation.override(language):
                found[str(status.label).lower()] = status.value
    return found


def read_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every row but an empty one or a header."""
    if len(data) > MAX_BYTES:
        raise ImportRefused([RowError(0, "", _("The file is larger than 1 MB."))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            [RowError(0, "", _("Save the file as CSV in UTF-8 and try again."))]
        ) from error
    if "\x00" in text:
        raise ImportRefused([RowError(0, "", _("The file is not a CSV text file."))])
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportRefused([RowError(0, "", _("The file is not a CSV text file."))]) from error
    rows = [
        (number, cells) for number, cells in enumerate(lines, 1) if any(c.strip() for c in cells)
    ]
    if rows and not rows[0][1][0].strip().isdigit():
        rows = rows[1:]  # the header
    if not rows:
        raise ImportRefused([RowError(0, "", _("The file holds no updates."))])
    if len(rows) > MAX_ROWS:
        raise ImportRefused(
            [RowError(0, "", _("Import at most %(count)s rows at a time.") % {"count": MAX_ROWS})]
        )
    return rows


def _number(cell: str) -> bool:
    """An action's number: digits, few enough for any database's integer."""
    return cell.isascii() and cell.isdigit() and len(cell) <= 9


def checked_rows(version, rows) -> tuple[list[ImportRow], list[RowError]]:
    """Every row checked against ``version``'s tracked actions: the rows ready to post,
    and every error found (all of them, not only the first). Two queries."""
    numbers = {int(cells[0]) for _n, cells in rows if cells and _number(cells[0].strip())}
    actions = TrackedAction.objects.of_version(version).in_bulk(numbers)
    statuses = _statuses()
    names = dict(COLUMNS)
    ready, errors = [], []
    for number, cells in rows:
        found = []

        def wrong(column, message, number=number, found=found):
            found.append(RowError(number, str(names[column]) if column else "", message))

        if len(cells) != len(COLUMNS):
            wrong(
                "",
                _("The row has %(found)s columns instead of %(expected)s.")
                % {"found": len(cells), "expected": len(COLUMNS)},
            )
            errors += found
            continue
        pk, status, percentage, text, link, public = (cell.strip() for cell in cells)
        action = actions.get(int(pk)) if _number(pk) else None
        if action is None:
            wrong("action", _("No action with this number in the ratified agenda."))
        code = statuses.get(status.lower(), "") if status else ""
        if status and not code:
            wrong("status", _("Choose one of the statuses."))
        value = None
        if percentage:
            if _number(percentage) and 0 <= int(percentage) <= 100:
                value = int(percentage)
            else:
                wrong("percentage", _("The progress is a percentage from 0 to 100."))
        new_status = code or (action.status if action else "")
        if value is not None and new_status == ActionStatus.DROPPED:
            wrong("percentage", _("A dropped action has no progress percentage."))
        if not text:
            wrong("text", _("Write what happened."))
        elif len(text) > MAX_TEXT:
            wrong("text", _("The text is too long."))
        if link:
            try:
                if len(link) > MAX_LINK:
                    raise ValidationError("")
                URLValidator(schemes=["http", "https"])(link)
            except ValidationError:
                wrong("link", _("Give a web address that begins with https://."))
        if public.lower() not in YES | NO:
            wrong("public", _("Write ja or nee."))
        if found:
            errors += found
        else:
            ready.append(ImportRow(number, action, code, value, text, link, public.lower() in YES))
    return ready, errors


@transaction.atomic
def updates_import(*, version, user, data: bytes) -> int:
    """Post the progress updates of the CSV file ``data`` on ``version``'s tracked
    actions as ``user`` (marked *via import*), all or none; the number posted.

    Refused unless ``can_import_updates``. Every row is checked before anything is
    written; ``ImportRefused`` names every error by row and column, and then nothing is
    written (should a row still be refused while posting, the whole import is undone).
    """
    if not can_import_updates(user, version):
        raise AgendaError(_("Only coordinators import updates."))
    ready, errors = checked_rows(version, read_rows(data))
    if errors:
        raise ImportRefused(errors)
    locked = TrackedAction.objects.select_for_update().in_bulk([row.action.pk for row in ready])
    for row in ready:
        try:
            update_apply(
                locked=locked[row.action.pk],
                author=user,
                text=row.text,
                status=row.status or None,
                percentage=row.percentage,
                link=row.link,
                public=row.public,
                via_import=True,
            )
        except AgendaError as error:
            raise ImportRefused([RowError(row.row, "", str(error))]) from error
    return len(ready)
