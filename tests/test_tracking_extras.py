"""Tracked actions beyond their pages (issue 28): *Voor u* lists the actions waiting on
the reader's update, late first; ``send_reminders`` asks the writers and the lead
partner's representatives for an update before a quarter ends, once per threshold; the
actions as a spreadsheet; the coordinators' CSV import of updates, all or nothing; the
public progress page; carrying unfinished actions into the next edition."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda.models import ProgressUpdate, TrackedAction
from agenda.selectors.for_you import for_you
from agenda.tracking.imports import COLUMNS
from agenda.tracking.selectors import waiting_on
from agenda.tracking.services import update_post
from tests import factories
from tests.agenda_helpers import open_next_edition
from tests.test_tracking import action_of, ratify

IN_JULY = datetime.date(2021, 7, 15)  # Q3 of the seeded edition's programme year


@pytest.fixture
def ratified(cast):
    return ratify(cast["coordinator"])


@pytest.fixture
def kb_rep(db):
    return factories.partner_rep("KB", username="kb")


def tracked_items(user):
    return [item for item in for_you(user) if item.kind == "tracked_action"]


def posted_on(action, user, day: datetime.date, **fields):
    """An update on ``action`` as if it had been posted on ``day``."""
    update = update_post(action=action, user=user, text=fields.pop("text", "Stand."), **fields)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=moment)
    return update


# Voor u.


def test_voor_u_lists_the_late_actions_the_lead_may_update(ratified, cast, kb_rep):
    """The seeded edition's year (2021) is over: every unfinished action with a planned
    quarter is late. KB leads team 1's first action and the one action of the other
    eleven; the provision's action is VOB's, the action without quarters is never late."""
    items = tracked_items(kb_rep)
    kb_actions = TrackedAction.objects.filter(version=ratified, lead_partner__code="KB")
    assert sorted(item.url for item in items) == sorted(a.get_absolute_url() for a in kb_actions)
    assert len(items) == 12 and all(item.overdue for item in items)
    vob = [item.url for item in tracked_items(cast["partner"])]
    assert vob == [action_of(ratified, "Bibliotheekpas").get_absolute_url()]
    monitor = action_of(ratified, "Monitor laaggeletterdheid")
    assert monitor.get_absolute_url() not in [i.url for i in tracked_items(cast["writer"])]


def test_an_update_this_quarter_or_a_finished_action_waits_no_more(ratified, cast, kb_rep):
    reading = action_of(ratified, "Leesoffensief")
    library_pass = action_of(ratified, "Bibliotheekpas")
    update_post(action=reading, user=kb_rep, text="Loopt, later dan gepland.", status="delayed")
    posted_on(library_pass, cast["partner"], datetime.date(2021, 1, 10), status="done")
    writer_urls = [item.url for item in tracked_items(cast["writer"])]
    assert reading.get_absolute_url() not in writer_urls  # updated this quarter
    assert library_pass.get_absolute_url() not in writer_urls  # done, long ago
    assert reading.get_absolute_url() not in [i.url for i in tracked_items(kb_rep)]


def test_due_this_quarter_and_late_late_first(ratified, cast):
    """In July 2021 the Q3 action is due, the Q1-Q2 action late (listed first); an update
    before the quarter began does not count."""
    reading = action_of(ratified, "Leesoffensief")
    library_pass = action_of(ratified, "Bibliotheekpas")
    posted_on(library_pass, cast["writer"], datetime.date(2021, 6, 30), status="running")
    waiting = waiting_on(cast["writer"], ratified, today=IN_JULY)
    assert waiting == [reading, library_pass]
    assert [action.late for action in waiting] == [True, False]
    posted_on(library_pass, cast["writer"], datetime.date(2021, 7, 1))
    assert waiting_on(cast["writer"], ratified, today=IN_JULY) == [reading]
    # Before its quarter an action waits on nobody.
    assert waiting_on(cast["writer"], ratified, today=datetime.date(2021, 2, 1)) == [reading]


def test_a_due_action_is_listed_as_planned_not_late(ratified, cast):
    """With the programme year set to this year and the action planned this quarter, the
    writer's *Voor u* lists it without the overdue mark, after the late ones."""
    today = timezone.localdate()
    ratified.edition.programme_year = today.year
    ratified.edition.save(update_fields=["programme_year"])
    due = action_of(ratified, "Monitor laaggeletterdheid")
    TrackedAction.objects.filter(pk=due.pk).update(quarters=[f"Q{(today.month - 1) // 3 + 1}"])
    items = tracked_items(cast["writer"])
    mine = next(item for item in items if item.url == due.get_absolute_url())
    assert not mine.overdue
    overdue = [item.overdue for item in items]
    assert overdue == sorted(overdue, reverse=True)  # the late ones first


def test_who_may_not_post_sees_no_tracked_action(ratified, cast):
    for role in ["member", "read_along", "coordinator", "outsider"]:
        assert tracked_items(cast[role]) == [], role


def test_the_home_page_links_from_voor_u_to_the_action(ratified, kb_rep, as_user):
    html = as_user(kb_rep).get(reverse("home")).content.decode()
    reading = action_of(ratified, "Leesoffensief")
    assert f'href="{reading.get_absolute_url()}"' in html
    assert html.count('data-for-you-item="tracked_action"') == 12


def test_voor_u_lists_nothing_before_ratification(cast):
    assert tracked_items(cast["writer"]) == []


# Reminders before a quarter ends.

END_OF_JUNE = datetime.date(2021, 6, 25)  # Q2 ends in 5 days: the 7-day reminder


def test_reminders_before_the_quarter_ends_run_twice_n_then_0(
    ratified, cast, kb_rep, django_capture_on_commit_callbacks
):
    """Q2's action (team 1, led by KB) waits: its writers and KB's representatives get one
    mail each listing it, once per threshold; the day before, once more."""
    from django.core import mail

    from agenda.reminders import send_reminders
    from agenda.tracking.rules import update_posters

    reading = action_of(ratified, "Leesoffensief")
    expected = {user.email for user in update_posters(reading) if user.email}
    assert {cast["writer"].email, kb_rep.email} <= expected
    assert cast["partner"].email not in expected and cast["member"].email not in expected
    edition = ratified.edition
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(edition, END_OF_JUNE)
        second = send_reminders(edition, END_OF_JUNE)
    assert (first, second) == (len(expected), 0)
    assert {message.to[0] for message in mail.outbox} == expected
    body = mail.outbox[0].body
    assert "Leesoffensief" in body and reading.get_absolute_url() in body
    assert "Bibliotheekpas" not in body  # planned in Q3
    with django_capture_on_commit_callbacks(execute=True):
        day_before = send_reminders(edition, datetime.date(2021, 6, 30))
        again = send_reminders(edition, datetime.date(2021, 6, 30))
    assert (day_before, again) == (len(expected), 0)


def test_no_reminder_for_an_action_updated_this_quarter_or_outside_the_thresholds(
    ratified, cast, kb_rep
):
    from agenda.models import Reminder
    from agenda.reminders import send_reminders

    edition = ratified.edition
    assert send_reminders(edition, datetime.date(2021, 6, 1)) == 0  # too early
    assert send_reminders(edition, datetime.date(2022, 6, 25)) == 0  # not its year
    posted_on(action_of(ratified, "Leesoffensief"), kb_rep, datetime.date(2021, 4, 2))
    assert send_reminders(edition, END_OF_JUNE) == 0
    assert not Reminder.objects.exists()


def test_update_posters_are_the_people_the_rule_admits(ratified, cast, kb_rep):
    from agenda.permissions import can_post_update
    from agenda.tracking.rules import update_posters

    people = [*cast.values(), kb_rep]
    for action in TrackedAction.objects.filter(version=ratified, team__number__in=[1, 2]):
        admitted = {user.pk for user in people if can_post_update(user, action)}
        assert set(update_posters(action).values_list("pk", flat=True)) >= admitted
        assert {u.pk for u in update_posters(action) if u in people} == admitted


# The actions as a spreadsheet.


def test_the_export_lists_every_followed_action_with_status_and_last_update(
    ratified, cast, as_user
):
    import csv
    import io

    reading = action_of(ratified, "Leesoffensief")
    update_post(action=reading, user=cast["writer"], text="=HYPERLINK(1)", status="running")
    response = as_user(cast["partner"]).get(reverse("agenda:tracking_export", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + TrackedAction.objects.filter(version=ratified).count()
    row = next(row for row in rows if row[0] == str(reading.pk))
    assert row[2] == "Leesoffensief" and row[6] == "50"
    assert row[-1] == "'=HYPERLINK(1)"  # written as text, never run
    xlsx = as_user(cast["partner"]).get(reverse("agenda:tracking_export", args=["xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert (
        as_user(cast["outsider"]).get(reverse("agenda:tracking_export", args=["csv"])).status_code
        == 404
    )
    assert (
        as_user(cast["partner"]).get(reverse("agenda:tracking_export", args=["pdf"])).status_code
        == 404
    )


# The coordinators' import of updates.


def csv_file(*rows, header=True):
    from django.core.files.uploadedfile import SimpleUploadedFile

    lines = ["actie;status;voortgang;tekst;link;openbaar"] if header else []
    lines += [";".join(row) for row in rows]
    return SimpleUploadedFile("updates.csv", ("\n".join(lines) + "\n").encode("utf-8-sig"))


def test_a_coordinator_imports_every_row_as_author_via_import(ratified, cast, as_user):
    reading = action_of(ratified, "Leesoffensief")
    library_pass = action_of(ratified, "Bibliotheekpas")
    upload = csv_file(
        [str(reading.pk), "Loopt", "60", "Drie leesclubs.", "https://kb.nl/x", "ja"],
        [str(library_pass.pk), "done", "", "Pas ingevoerd.", "", ""],
    )
    client = as_user(cast["coordinator"])
    response = client.post(reverse("agenda:tracking_import"), {"file": upload})
    assert response.status_code == 302
    reading.refresh_from_db()
    library_pass.refresh_from_db()
    assert (reading.status, reading.percentage) == ("running", 60)
    assert (library_pass.status, library_pass.percentage) == ("done", 100)
    first = reading.last_update
    assert (first.author, first.via_import, first.public, first.link) == (
        cast["coordinator"],
        True,
        True,
        "https://kb.nl/x",
    )
    assert not library_pass.last_update.public
    page = client.get(reading.get_absolute_url()).content.decode()
    assert "via import" in page


def test_a_file_with_bad_rows_imports_nothing_and_names_every_error(ratified, cast, as_user):
    reading = action_of(ratified, "Leesoffensief")
    upload = csv_file(
        [str(reading.pk), "Loopt", "60", "Goed.", "", "ja"],  # a good row: not imported either
        ["99999999999999999999", "klaar", "²", "", "javascript:alert(1)", "misschien"],
        [str(reading.pk), "dropped", "10", "Vervalt.", "", ""],
        [str(reading.pk), "running"],
    )
    response = as_user(cast["coordinator"]).post(
        reverse("agenda:tracking_import"), {"file": upload}
    )
    assert response.status_code == 200
    errors = {(error.row, error.column) for error in response.context["errors"]}
    column = {key: str(label) for key, label in COLUMNS}  # in the site's language
    assert errors == {
        *((3, column[key]) for key in column),  # every column of row 3 is wrong
        (4, column["percentage"]),  # a dropped action has no percentage
        (5, ""),  # two columns instead of six
    }
    html = response.content.decode()
    assert html.count("data-import-error") == len(errors) + 1  # the rows and the table
    assert "data-error-summary" in html
    assert not ProgressUpdate.objects.exists()
    reading.refresh_from_db()
    assert (reading.status, reading.last_update) == ("not_started", None)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\xff\xfe n\x00i\x00e\x00t", "UTF-8"),
        (b"actie;status;voortgang;tekst;link;openbaar\n", "geen voortgangsberichten"),
    ],
)
def test_a_file_that_is_no_csv_is_refused_whole(ratified, cast, data, problem):
    from agenda.tracking.imports import ImportRefused, updates_import

    with pytest.raises(ImportRefused) as refused:
        updates_import(version=ratified, user=cast["coordinator"], data=data)
    assert problem in refused.value.errors[0].message
    assert refused.value.errors[0].row == 0


def test_only_coordinators_import(ratified, cast):
    from agenda.errors import AgendaError
    from agenda.tracking.imports import updates_import
    from agenda.tracking.rules import can_import_updates

    reading = action_of(ratified, "Leesoffensief")
    data = f"{reading.pk};running;;Stand.;;\n".encode()
    for role in ["writer", "member", "read_along", "partner", "outsider"]:
        assert not can_import_updates(cast[role], ratified), role
        with pytest.raises(AgendaError):
            updates_import(version=ratified, user=cast[role], data=data)
    assert can_import_updates(cast["coordinator"], ratified)
    assert updates_import(version=ratified, user=cast["coordinator"], data=data) == 1


def test_a_row_refused_while_posting_undoes_the_whole_import(ratified, cast, monkeypatch):
    """Should the service refuse a row that passed the checks, the rows before it are
    rolled back with it: nothing half-written."""
    from agenda.errors import AgendaError
    from agenda.tracking import imports
    from agenda.tracking.imports import ImportRefused, updates_import

    reading = action_of(ratified, "Leesoffensief")
    library_pass = action_of(ratified, "Bibliotheekpas")
    real = imports.update_apply
    calls = []

    def second_fails(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise AgendaError("Geweigerd.")
        return real(**kwargs)

    monkeypatch.setattr(imports, "update_apply", second_fails)
    data = f"{reading.pk};running;;Een.;;\n{library_pass.pk};done;;Twee.;;\n".encode()
    with pytest.raises(ImportRefused) as refused:
        updates_import(version=ratified, user=cast["coordinator"], data=data)
    assert refused.value.errors[0].row == 2
    assert not ProgressUpdate.objects.exists()
    reading.refresh_from_db()
    assert reading.status == "not_started"


# The public progress page.


def test_the_public_page_shows_statuses_and_only_public_texts(ratified, cast, client, settings):
    reading = action_of(ratified, "Leesoffensief")
    update_post(action=reading, user=cast["writer"], text="Openbaar verslag.", public=True)
    update_post(action=reading, user=cast["writer"], text="Intern: budget krap.", status="delayed")
    url = reverse("agenda:tracking_public")
    settings.PUBLIC_FINAL_AGENDA = False
    assert client.get(url).status_code == 404
    settings.PUBLIC_FINAL_AGENDA = True
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Openbaar verslag." in html and "Intern: budget krap." not in html
    assert html.count("data-public-team=") == 12
    assert f'data-public-action="{reading.pk}"' in html and "25%" in html
    assert str(cast["writer"]) not in html  # never who wrote an update


def test_the_public_page_is_404_before_ratification(cast, client, settings):
    settings.PUBLIC_FINAL_AGENDA = True
    assert client.get(reverse("agenda:tracking_public")).status_code == 404


# Into the next edition.


@pytest.fixture
def next_edition(ratified):
    """The 2021-2023 edition's agenda ratified; the coordinators open 2024-2027."""
    return open_next_edition()


def test_a_coordinator_carries_chosen_unfinished_actions_as_draft_rows(
    ratified, next_edition, cast, as_user
):
    from agenda.models import Contribution

    reading = action_of(ratified, "Leesoffensief")
    library_pass = action_of(ratified, "Bibliotheekpas")
    monitor = action_of(ratified, "Monitor laaggeletterdheid")
    update_post(action=reading, user=cast["writer"], text="Loopt.", status="running")
    update_post(action=library_pass, user=cast["writer"], text="Klaar.", status="done")
    client = as_user(cast["coordinator"])
    url = reverse("agenda:carry_over")
    page = client.get(url).content.decode()
    assert f'value="{reading.pk}"' in page and f'value="{monitor.pk}"' in page
    assert f'value="{library_pass.pk}"' not in page  # done: nothing to carry
    response = client.post(url, {"actie": [reading.pk]})
    assert response.status_code == 302
    chapter = Contribution.objects.get(edition=next_edition, team__number=1)
    assert [row["activity"] for row in chapter.actions] == ["Leesoffensief"]
    row = chapter.actions[0]
    assert row["lead"] == "partner:KB" and row["quarters"] == []
    assert row["result"].startswith("Plan\n") and "Netwerkagenda 2021-2023" in row["result"]
    record = chapter.history.first()
    assert record.history_user == cast["coordinator"] and "2021" in record.history_change_reason
    reading.refresh_from_db()
    assert reading.carried_over_at is not None
    page = client.get(url).content.decode()
    assert f'value="{reading.pk}"' not in page  # carried once


def test_carrying_over_is_all_or_nothing_and_for_coordinators_only(ratified, next_edition, cast):
    from agenda.errors import AgendaError
    from agenda.models import Contribution
    from agenda.review.services import take_review_step
    from agenda.tracking.carry_over import actions_carry_over
    from tests.agenda_helpers import fill

    reading = action_of(ratified, "Leesoffensief")
    other = TrackedAction.objects.get(version=ratified, team__number=2)
    with pytest.raises(AgendaError):
        actions_carry_over(user=cast["writer"], edition=next_edition, chosen=[reading.pk])
    # Team 2's new chapter is submitted already: neither action is carried.
    writer2 = factories.team_user("writer", number=2)
    chapter2 = Contribution.objects.get(edition=next_edition, team__number=2)
    fill(chapter2, writer2)
    take_review_step(obj=chapter2, user=writer2, step="submit")
    with pytest.raises(AgendaError):
        actions_carry_over(
            user=cast["coordinator"], edition=next_edition, chosen=[reading.pk, other.pk]
        )
    chapter1 = Contribution.objects.get(edition=next_edition, team__number=1)
    assert (
        chapter1.actions == []
        and not TrackedAction.objects.filter(carried_over_at__isnull=False).exists()
    )
    with pytest.raises(AgendaError):  # nothing chosen
        actions_carry_over(user=cast["coordinator"], edition=next_edition, chosen=[])
