"""Tracked actions (issue 28): made once from a ratified version's action rows, moved
by progress updates (statuses and their default percentages), posted only by the team's
writers and the lead partner's representatives, and read on the pages per team, per
partner, per quarter, the network overview and the action's own page."""

import datetime
import re

import pytest
from django.urls import reverse

from agenda.errors import AgendaError
from agenda.governance.compiling import agenda_compile
from agenda.governance.services import (
    agenda_step,
    partner_decision_record,
    partner_no_response_record,
)
from agenda.models import AgendaVersion, Edition, ProgressUpdate, TrackedAction
from agenda.permissions import actions_updatable_by, can_post_update, tracked_actions_visible_to
from agenda.review.services import take_review_step
from agenda.tracking.selectors import quarter_actions
from agenda.tracking.services import actions_track, update_post
from partners.models import Partner
from tests import factories
from tests.agenda_helpers import (
    approve_chapter,
    approve_everything,
    approve_network_texts,
    fill,
)

ACTIONS = [
    {"activity": "Leesoffensief", "lead": "partner:KB", "quarters": ["Q1", "Q2"], "result": "Plan"},
    {"activity": "Bibliotheekpas", "lead": "provision:BIB", "quarters": ["Q3"], "result": "Pas"},
    {"activity": "Monitor laaggeletterdheid", "lead": "partner:OCW", "quarters": [], "result": ""},
]
GOVERNANCE = ["to_feedback", "to_definitive", "to_consultation", "establish", "to_decision"]


def ratify(coordinator, *, actions=ACTIONS) -> AgendaVersion:
    """Version 1.0: chapter 1 with ``actions``, the other eleven with one action each (led
    by KB in Q1), taken through the whole governance by the real services."""
    approve_network_texts(coordinator)
    writer = factories.team_user("writer", number=1)
    chapter = fill(factories.contribution(1), writer, actions=actions)
    take_review_step(obj=chapter, user=writer, step="submit")
    take_review_step(obj=chapter, user=coordinator, step="approve")
    for number in range(2, 13):
        approve_chapter(number, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    for step in GOVERNANCE:
        if step == "establish":
            for partner in Partner.objects.all():
                partner_no_response_record(
                    version=version, user=coordinator, partner=partner, reason="Geen overleg."
                )
        version = agenda_step(version=version, user=coordinator, step=step)
    for code in ["VOB", "SPN", "KB"]:
        partner_decision_record(
            version=version,
            user=factories.partner_rep(code),
            partner=Partner.objects.get(code=code),
            decision="approve",
            note="",
        )
    return agenda_step(version=version, user=coordinator, step="ratify")


def action_of(version, activity) -> TrackedAction:
    return TrackedAction.objects.get(version=version, activity=activity)


@pytest.fixture
def ratified(cast):
    return ratify(cast["coordinator"])


@pytest.fixture
def kb_rep(db):
    return factories.partner_rep("KB", username="kb")


# Made on ratification, once.


def test_ratifying_tracks_every_action_row_once(ratified):
    actions = TrackedAction.objects.filter(version=ratified)
    assert actions.count() == len(ACTIONS) + 11  # chapter 1's rows, one in each other
    reading = action_of(ratified, "Leesoffensief")
    assert (reading.team.number, reading.row, reading.quarters) == (1, 0, ["Q1", "Q2"])
    assert reading.lead_partner.code == "KB" and reading.lead_label == "KB"
    assert reading.chapter.version == ratified and reading.chapter.record_id is not None
    assert (reading.status, reading.percentage, reading.last_update) == ("not_started", 0, None)
    # A provision leads through the partner that represents it.
    library_pass = action_of(ratified, "Bibliotheekpas")
    assert library_pass.lead_partner.code == "VOB"
    assert library_pass.lead_label == "Lokale bibliotheken"
    assert actions_track(version=ratified) == 0
    assert actions.count() == len(ACTIONS) + 11


def test_rows_come_from_the_frozen_chapter_not_todays_text(ratified, cast):
    """Writing in the chapter after ratification changes no tracked action."""
    contribution = factories.contribution(1)
    take_review_step(obj=contribution, user=cast["coordinator"], step="reopen")
    fill(contribution, cast["writer"], actions=[{"activity": "Nieuw", "lead": "", "quarters": []}])
    assert actions_track(version=ratified) == 0
    assert not TrackedAction.objects.filter(activity="Nieuw").exists()


def test_a_version_that_is_not_ratified_has_no_tracked_actions(cast):
    approve_everything(cast["coordinator"], numbers=[1])
    version = agenda_compile(edition=Edition.objects.current(), user=cast["coordinator"])
    assert not TrackedAction.objects.exists()
    with pytest.raises(AgendaError):
        actions_track(version=version)


# Statuses and percentages.


@pytest.mark.parametrize(
    ("status", "percentage"),
    [("running", 50), ("delayed", 25), ("done", 100), ("dropped", None)],
)
def test_a_new_status_brings_its_default_percentage(ratified, cast, status, percentage):
    action = action_of(ratified, "Leesoffensief")
    update = update_post(action=action, user=cast["writer"], text="Stand.", status=status)
    action.refresh_from_db()
    assert (action.status, action.percentage) == (status, percentage)
    assert (update.status, update.percentage, action.last_update) == (status, percentage, update)


def test_an_explicit_percentage_overrides_and_the_same_status_keeps_it(ratified, cast):
    action = action_of(ratified, "Leesoffensief")
    update_post(
        action=action, user=cast["writer"], text="Goed op weg.", status="running", percentage=70
    )
    action.refresh_from_db()
    assert (action.status, action.percentage) == ("running", 70)
    update_post(action=action, user=cast["writer"], text="Nog steeds.", status="running")
    action.refresh_from_db()
    assert action.percentage == 70
    update_post(action=action, user=cast["writer"], text="Terug.", status="not_started")
    action.refresh_from_db()
    assert (action.status, action.percentage) == ("not_started", 0)


@pytest.mark.parametrize(
    "wrong",
    [
        {"percentage": 101},
        {"percentage": -1},
        {"status": "dropped", "percentage": 10},
        {"status": "finished"},
        {"text": "   "},
        {"link": "javascript:alert(1)"},
    ],
)
def test_a_wrong_update_is_refused_and_changes_nothing(ratified, cast, wrong):
    action = action_of(ratified, "Leesoffensief")
    with pytest.raises(AgendaError):
        update_post(**({"action": action, "user": cast["writer"], "text": "Iets."} | wrong))
    action.refresh_from_db()
    assert (action.status, action.percentage, action.updates.count()) == ("not_started", 0, 0)


def test_a_correction_is_a_new_update(ratified, cast):
    action = action_of(ratified, "Leesoffensief")
    first = update_post(action=action, user=cast["writer"], text="Afgerond.", status="done")
    second = update_post(
        action=action, user=cast["writer"], text="Correctie: loopt nog.", status="running"
    )
    first.refresh_from_db()
    assert (first.text, first.status, first.percentage) == ("Afgerond.", "done", 100)
    assert list(action.updates.all()) == [second, first]  # newest first
    action.refresh_from_db()
    assert (action.last_update, action.status, action.percentage) == (second, "running", 50)
    assert second.author == cast["writer"] and second.created_at >= first.created_at


# Who posts an update, who follows.


def test_who_posts_an_update(ratified, cast, kb_rep):
    reading = action_of(ratified, "Leesoffensief")  # team 1, led by KB
    library_pass = action_of(ratified, "Bibliotheekpas")  # team 1, led by VOB's provision
    assert can_post_update(cast["writer"], reading)
    assert can_post_update(kb_rep, reading)
    assert not can_post_update(cast["partner"], reading)  # VOB's representative
    assert can_post_update(cast["partner"], library_pass)
    assert not can_post_update(kb_rep, library_pass)
    for role in ["member", "read_along", "coordinator", "outsider"]:
        assert not can_post_update(cast[role], reading), role
    # Another team's writer does not post on team 1's actions.
    assert not can_post_update(factories.team_user("writer", number=2), reading)


def test_the_queryset_twin_admits_the_same_people(ratified, cast, kb_rep):
    people = [*cast.values(), kb_rep]
    for user in people:
        user = type(user).objects.get(pk=user.pk)
        admitted = set(actions_updatable_by(user).values_list("pk", flat=True))
        expected = {
            action.pk
            for action in TrackedAction.objects.select_related("team")
            if can_post_update(user, action)
        }
        assert admitted == expected, user.username


def test_the_service_refuses_whom_the_rule_refuses(ratified, cast):
    action = action_of(ratified, "Leesoffensief")
    with pytest.raises(AgendaError):
        update_post(action=action, user=cast["partner"], text="Namens VOB.")
    assert not ProgressUpdate.objects.exists()


def test_who_follows_the_actions(ratified, cast, kb_rep):
    total = TrackedAction.objects.count()
    for role in ["writer", "member", "read_along", "coordinator", "partner"]:
        assert tracked_actions_visible_to(cast[role]).count() == total, role
    assert tracked_actions_visible_to(cast["outsider"]).count() == 0


def pages(version):
    action = TrackedAction.objects.filter(version=version).first()
    return [
        reverse("agenda:tracking_overview"),
        reverse("agenda:tracking_team", args=[1]),
        reverse("agenda:tracking_partner", args=["KB"]),
        reverse("agenda:tracking_quarter"),
        reverse("agenda:tracked_action", args=[action.pk]),
    ]


def test_an_outsider_gets_404_on_every_page(ratified, cast, as_user):
    client = as_user(cast["outsider"])
    for url in pages(ratified):
        assert client.get(url).status_code == 404, url


def test_pages_are_404_before_ratification(cast, as_user):
    client = as_user(cast["coordinator"])
    assert client.get(reverse("agenda:tracking_overview")).status_code == 404


def test_a_forged_post_is_refused_by_the_server(ratified, cast, as_user):
    """The form is not shown to VOB's representative on a KB action, nor to a member;
    a POST made by hand is refused and writes nothing."""
    action = action_of(ratified, "Leesoffensief")
    url = reverse("agenda:tracked_action", args=[action.pk])
    data = {"text": "Vervalst.", "status": "done", "percentage": "100"}
    for role in ["partner", "member", "coordinator"]:
        client = as_user(cast[role])
        assert "data-update-form" not in client.get(url).content.decode()
        assert client.post(url, data).status_code == 403, role
    assert as_user(cast["outsider"]).post(url, data).status_code == 404
    assert not ProgressUpdate.objects.exists()
    action.refresh_from_db()
    assert action.status == "not_started"


def test_the_lead_partners_representative_posts_through_the_page(ratified, kb_rep, as_user):
    action = action_of(ratified, "Leesoffensief")
    url = reverse("agenda:tracked_action", args=[action.pk])
    client = as_user(kb_rep)
    assert "data-update-form" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "text": "Pilot gestart.",
            "status": "running",
            "percentage": "",
            "link": "",
            "public": "on",
        },
        follow=True,
    )
    update = ProgressUpdate.objects.get()
    assert (update.author, update.public, update.status, update.percentage) == (
        kb_rep,
        True,
        "running",
        50,
    )
    html = response.content.decode()
    assert "Pilot gestart." in html
    assert response.redirect_chain[-1][0] == url


def test_a_form_error_keeps_what_was_typed(ratified, cast, as_user):
    action = action_of(ratified, "Leesoffensief")
    url = reverse("agenda:tracked_action", args=[action.pk])
    typed = "Twee bijeenkomsten gehouden met de bibliotheken."
    response = as_user(cast["writer"]).post(
        url, {"text": typed, "status": "running", "percentage": "150", "link": "nergens"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert typed in html
    assert 'value="150"' in html
    summary = re.search(r"data-error-summary.*?</div>", html, re.S).group(0)
    assert 'href="#id_percentage"' in summary and 'href="#id_link"' in summary
    assert re.search(r"<title>[^<]*\(2\)", html)  # the error count in the title
    assert not ProgressUpdate.objects.exists()


# The read side.


def test_the_late_list_comes_first_and_holds_only_unfinished_past_actions(ratified, cast):
    reading = action_of(ratified, "Leesoffensief")  # Q1 and Q2 of 2021
    library_pass = action_of(ratified, "Bibliotheekpas")  # Q3
    monitor = action_of(ratified, "Monitor laaggeletterdheid")  # no quarter
    in_july = datetime.date(2021, 7, 15)
    late, due = quarter_actions(ratified, 3, today=in_july)
    assert reading in late and library_pass not in late and monitor not in late
    assert library_pass in due and reading not in due
    update_post(action=reading, user=cast["writer"], text="Klaar.", status="done")
    update_post(action=library_pass, user=cast["writer"], text="Vervalt.", status="dropped")
    late, due = quarter_actions(ratified, 3, today=datetime.date(2022, 1, 5))
    assert reading not in late and library_pass not in late


def test_the_quarter_page_lists_late_before_due(ratified, cast, as_user):
    html = as_user(cast["member"]).get(reverse("agenda:tracking_quarter") + "?kwartaal=3").content
    html = html.decode()
    assert html.index('id="late-actions"') < html.index('id="due-actions"')
    assert html.index("Leesoffensief") < html.index('id="due-actions"')  # late in 2026


def test_the_team_and_partner_pages_show_status_progress_and_last_update(
    ratified, cast, kb_rep, as_user
):
    reading = action_of(ratified, "Leesoffensief")
    update_post(action=reading, user=kb_rep, text="Eerste sessie gehouden.", status="delayed")
    client = as_user(cast["read_along"])
    team = client.get(reverse("agenda:tracking_team", args=[1])).content.decode()
    assert team.count("data-tracked-action=") == len(ACTIONS)
    assert "Eerste sessie gehouden." in team and "25%" in team
    kb = client.get(reverse("agenda:tracking_partner", args=["KB"])).content.decode()
    # KB leads chapter 1's first action and the one action of each other chapter.
    assert kb.count("data-tracked-action=") == 1 + 11
    assert "Bibliotheekpas" not in kb
    vob = client.get(reverse("agenda:tracking_partner", args=["VOB"])).content.decode()
    assert vob.count("data-tracked-action=") == 1 and "Bibliotheekpas" in vob
    assert client.get(reverse("agenda:tracking_partner", args=["XYZ"])).status_code == 404


def test_the_overview_shows_the_figures_as_a_table_and_an_accessible_chart(ratified, cast, as_user):
    update_post(
        action=action_of(ratified, "Leesoffensief"), user=cast["writer"], text="Af.", status="done"
    )
    html = as_user(cast["partner"]).get(reverse("agenda:tracking_overview")).content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    assert re.search(r'<title id="chart-title">[^<]+</title>', svg)
    assert "style=" not in html and "<script>" not in svg
    table = re.search(r"<table[^>]*data-tracking-figures.*?</table>", html, re.S).group(0)
    team_1 = re.search(r"1\. Geletterde samenleving</a></th>(.*?)</tr>", table, re.S).group(1)
    # not started, running, delayed, done, dropped, total
    assert re.findall(r">(\d+)</td>", team_1) == ["2", "0", "0", "1", "0", "3"]
    assert svg.count("portal-chart__bar--done") == 1


def test_the_overview_counts_what_each_partner_leads_in_a_second_chart_and_table(
    ratified, cast, as_user
):
    """The partners' figures: per partner the actions it leads by status, the same in
    the chart (its own accessible name) and the table; an action led by no partner is
    in no row."""
    update_post(
        action=action_of(ratified, "Leesoffensief"), user=cast["writer"], text="Af.", status="done"
    )
    html = as_user(cast["coordinator"]).get(reverse("agenda:tracking_overview")).content.decode()
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 2
    assert 'aria-labelledby="partner-chart-title partner-chart-desc"' in svgs[1]
    assert html.count('id="chart-title"') == 1 and html.count('id="partner-chart-title"') == 1
    table = re.search(r"<table[^>]*data-partner-figures.*?</table>", html, re.S).group(0)
    actions = TrackedAction.objects.filter(version=ratified)
    for partner in Partner.objects.all():
        row = re.search(rf"/acties/partner/{partner.code}/\">.*?</th>(.*?)</tr>", table, re.S)
        led = actions.filter(lead_partner=partner)
        expected = [str(led.filter(status=status).count()) for status in TrackedAction.Status]
        assert re.findall(r">(\d+)</td>", row.group(1)) == [*expected, str(led.count())]
    counted = sum(int(n) for n in re.findall(r">(\d+)</td>\s*</tr>", table))
    assert counted == actions.exclude(lead_partner=None).count()


def test_the_ratified_versions_page_links_to_the_actions(ratified, cast, as_user):
    url = reverse("agenda:agenda_version", args=[ratified.pk])
    assert "data-tracking-link" in as_user(cast["partner"]).get(url).content.decode()
