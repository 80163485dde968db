"""The annual programmes' actions as XLSX and CSV: only the chapters the user may read,
and no cell a spreadsheet would run as a formula."""

import csv
import io
import re
import zipfile

import pytest
from django.urls import reverse

from agenda.exports.spreadsheets import neutralised
from agenda.services import ContributionContent, contribution_save
from tests import factories

ATTACKS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)"]  # stored as typed

HEADER = ["Team", "Activiteit", "Trekker", "Gepland in kwartaal", "Beoogd resultaat", "Status"]


@pytest.fixture
def actions(cast):
    """Team 1 plans an ordinary action and five that try to be formulas; team 2 one."""
    rows = [
        {
            "activity": "Voorleesweek",
            "lead": "partner:KB",
            "quarters": ["Q1", "Q3"],
            "result": "Tien bibliotheken",
        }
    ]
    rows += [
        {"activity": attack, "lead": "", "quarters": [], "result": attack} for attack in ATTACKS
    ]
    for number, table in [
        (1, rows),
        (2, [{"activity": "Alleen team 2", "lead": "", "quarters": [], "result": ""}]),
    ]:
        contribution = factories.contribution(number)
        contribution_save(
            contribution=contribution,
            user=factories.team_user("writer", number=number),
            content=ContributionContent(actions=table),
            base_revision=contribution.revision,
        )


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_strings(response) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        shared = book.read("xl/sharedStrings.xml").decode()
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()  # no formulas
    return [re.sub(r"&quot;", '"', s) for s in re.findall(r"<t[^>]*>([^<]*)</t>", shared)]


def test_a_writer_exports_the_chapters_they_may_read_as_csv(as_user, cast, actions):
    response = as_user(cast["writer"]).get(reverse("agenda:actions_export", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="')
    header, *rows = csv_rows(response)
    assert header == HEADER
    assert rows[0][1:] == ["Voorleesweek", "KB", "K1, K3", "Tien bibliotheken", "Concept"]
    assert rows[0][0].startswith("1. ")
    assert not [row for row in rows if "Alleen team 2" in row]  # team 2's draft is not theirs


def test_every_cell_that_could_run_is_neutralised_in_csv_and_xlsx(as_user, cast, actions):
    client = as_user(cast["coordinator"])
    cells = [
        cell
        for row in csv_rows(client.get(reverse("agenda:actions_export", args=["csv"])))
        for cell in row
    ]
    strings = xlsx_strings(client.get(reverse("agenda:actions_export", args=["xlsx"])))
    for attack in ATTACKS:
        assert f"'{attack}" in cells and attack not in cells
        assert any(s.startswith("'") and attack.strip() in s for s in strings)
    assert not [c for c in cells + strings if c.startswith(("=", "+", "-", "@", "\t"))]
    assert "Alleen team 2" in cells  # coordinators export every chapter


def test_the_xlsx_is_a_workbook_with_a_header_row(as_user, cast, actions):
    response = as_user(cast["member"]).get(reverse("agenda:actions_export", args=["xlsx"]))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    strings = xlsx_strings(response)
    assert strings[:6] == HEADER
    assert "Voorleesweek" in strings


def test_a_partner_exports_no_drafts_and_an_unknown_format_is_404(as_user, cast, actions):
    client = as_user(cast["partner"])
    _header, *rows = csv_rows(client.get(reverse("agenda:actions_export", args=["csv"])))
    assert rows == []
    assert client.get(reverse("agenda:actions_export", args=["pdf"])).status_code == 404


@pytest.mark.parametrize(
    ("value", "shown"), [("=1", "'=1"), ("a=1", "a=1"), ("", ""), ("-", "'-"), ("\tx", "'\tx")]
)
def test_neutralised(value, shown):
    assert neutralised(value) == shown
