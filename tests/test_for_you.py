""" "Voor u": what waits on each person, per role, and its fixed cost in queries."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step, partner_decision_record, partner_response_record
from agenda.models import (
    AgendaVersion,
    Comment,
    Edition,
    Milestone,
    PartnerDecision,
    PartnerResponse,
    PdfDocument,
)
from agenda.review.services import take_review_step
from agenda.selectors.for_you import for_you
from partners.models import Partner
from teams.services import membership_set
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything, fill

CODES = ["OCW", "IPO", "VNG", "VOB", "SPN", "KB"]
CONSULTATION_DEADLINE = datetime.date(2021, 2, 26)  # the seeded "achterban" milestone
DECISION_DEADLINE = datetime.date(2021, 3, 12)  # the seeded "Besluitvorming" milestone


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


@pytest.fixture
def reps(db):
    return {code: factories.partner_rep(code, username=code.lower()) for code in CODES}


def kinds(user):
    return [item.kind for item in for_you(user)]


@pytest.fixture
def timeline_ahead(db):
    """The seeded timeline moved a year past today, so that no deadline is near or
    overdue: what else waits shows alone."""
    edition = Edition.objects.current()
    shift = datetime.date.today().replace(month=1, day=1) - datetime.date(2019, 1, 1)
    for milestone in edition.milestones.all():
        milestone.date += shift + datetime.timedelta(days=365)
        milestone.save(update_fields=["date"])


def walk(version, coordinator, *steps):
    for step in steps:
        version = agenda_step(version=version, user=coordinator, step=step)
    return version


def in_consultation(coordinator):
    approve_everything(coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    return walk(version, coordinator, "to_feedback", "to_definitive", "to_consultation")


def respond(version, rep, code):
    partner_response_record(
        version=version,
        user=rep,
        partner=Partner.objects.get(code=code),
        verdict=PartnerResponse.Verdict.AGREE,
        text="De achterban steunt de agenda.",
    )


def in_decision(coordinator, reps):
    version = in_consultation(coordinator)
    for code in CODES:
        respond(version, reps[code], code)
    return walk(version, coordinator, "establish", "to_decision")


def decide(version, rep, code, decision=PartnerDecision.Decision.APPROVE):
    partner_decision_record(
        version=version,
        user=rep,
        partner=Partner.objects.get(code=code),
        decision=decision,
        note="" if decision == PartnerDecision.Decision.APPROVE else "Te vaag.",
    )


def test_partner_is_asked_for_a_response_until_it_is_recorded(coordinator, reps):
    version = in_consultation(coordinator)
    [item] = for_you(reps["OCW"])
    assert item.kind == "response"
    assert item.deadline == CONSULTATION_DEADLINE
    assert item.url == reverse("agenda:agenda_version", args=[version.pk])
    assert "2021" in item.text and version.number in item.link_text

    respond(version, reps["OCW"], "OCW")
    assert for_you(reps["OCW"]) == []
    assert kinds(reps["VNG"]) == ["response"]  # the other partners are still asked


def test_the_deadline_is_the_milestone_that_ends_the_state_whatever_its_title(coordinator, reps):
    version = in_consultation(coordinator)
    Milestone.objects.filter(ends="consultation").update(ends="", title="Achterban (oud)")
    assert for_you(reps["OCW"])[0].deadline is None  # a title's words decide nothing
    Milestone.objects.create(
        edition=version.edition,
        date=datetime.date(2021, 2, 19),
        title="Reacties binnen",
        ends="consultation",
    )
    assert for_you(reps["OCW"])[0].deadline == datetime.date(2021, 2, 19)


def test_partner_is_not_asked_about_a_version_it_may_not_see(coordinator, reps):
    approve_chapter(1, coordinator)
    agenda_compile(edition=Edition.objects.current(), user=coordinator)  # a rough version
    assert for_you(reps["VOB"]) == []


def test_deciding_partner_is_asked_for_its_boards_decision_this_round(coordinator, reps):
    version = in_decision(coordinator, reps)
    [item] = for_you(reps["VOB"])
    assert item.kind == "decision" and "VOB" in item.text
    assert item.deadline == DECISION_DEADLINE
    assert for_you(reps["OCW"]) == []  # OCW's board does not decide

    decide(version, reps["VOB"], "VOB")
    assert for_you(reps["VOB"]) == []
    assert kinds(reps["KB"]) == ["decision"]


def test_after_a_rejection_the_next_round_asks_again(coordinator, reps):
    version = in_decision(coordinator, reps)
    decide(version, reps["VOB"], "VOB")
    decide(version, reps["KB"], "KB", PartnerDecision.Decision.REJECT)
    assert for_you(reps["VOB"]) == []  # back to the definitive concept: nothing to decide
    # The responses stay; the boards decide again in a new round.
    version = walk(version, coordinator, "to_consultation", "establish", "to_decision")
    assert kinds(reps["VOB"]) == ["decision"]


def test_ratified_agenda_offers_its_pdf_with_its_size_to_everyone(coordinator, reps):
    version = in_decision(coordinator, reps)
    for code in ["VOB", "SPN", "KB"]:
        decide(version, reps[code], code)
    version = walk(version, coordinator, "ratify")
    document = PdfDocument(key="a" * 64, pages=3, size=95_123)
    document.file.save("ratified.pdf", ContentFile(b"%PDF-1.7"), save=False)
    document.save()
    AgendaVersion.objects.filter(pk=version.pk).update(
        pdf=document, pdf_status=AgendaVersion.PdfStatus.READY
    )
    for user in [reps["OCW"], factories.outsider(username="olga"), coordinator]:
        ratified = [item for item in for_you(user) if item.kind == "ratified"]
        assert len(ratified) == 1, user
        assert "95 kB" in ratified[0].link_text
        assert ratified[0].url == reverse("agenda:agenda_pdf", args=[version.pk])


def test_ratified_agenda_without_a_pdf_yet_is_not_offered(coordinator, reps):
    version = in_decision(coordinator, reps)
    for code in ["VOB", "SPN", "KB"]:
        decide(version, reps[code], code)
    walk(version, coordinator, "ratify")
    assert for_you(reps["OCW"]) == []


def test_writer_sees_a_returned_chapter_and_open_comments_of_their_own_team(
    coordinator, timeline_ahead
):
    writer = factories.writer(username="wendy")
    other = factories.team_user("writer", number=2, username="otto")
    contribution = factories.contribution(1)
    fill(contribution, writer)
    take_review_step(obj=contribution, user=writer, step="submit")
    take_review_step(obj=contribution, user=coordinator, step="return", reason="Bronnen?")
    Comment.objects.create(
        contribution=contribution, author=coordinator, aspect="context", body="Bron?"
    )
    items = for_you(writer)
    assert [item.kind for item in items] == ["returned", "comments"]  # most urgent first
    assert items[0].url == contribution.get_absolute_url()
    assert items[1].url == contribution.get_absolute_url() + "#reacties"
    assert for_you(other) == []  # team 2's writer learns nothing of team 1

    fill(contribution, writer)
    take_review_step(obj=contribution, user=writer, step="submit")
    assert kinds(writer) == ["comments"]


def test_coordinator_sees_reviews_and_the_newest_versions_next_step(coordinator, timeline_ahead):
    writer = factories.writer(username="wendy")
    contribution = factories.contribution(1)
    fill(contribution, writer)
    take_review_step(obj=contribution, user=writer, step="submit")
    assert kinds(coordinator) == ["review"]
    assert for_you(coordinator)[0].url == contribution.get_absolute_url()

    take_review_step(obj=contribution, user=coordinator, step="approve")
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    [item] = for_you(coordinator)
    assert item.kind == "version_step"
    assert item.url == reverse("agenda:agenda_version", args=[version.pk])
    assert for_you(writer) == []


def test_overdue_work_comes_first_marked_for_writers_coordinators_and_partners(
    coordinator, reps, as_user
):
    """The seeded timeline lies in the past: whoever still has to act by a deadline
    that passed sees it first, tagged, never "nothing waits"."""
    writer = factories.writer(username="wendy")
    contribution = fill(factories.contribution(1), writer)
    Comment.objects.create(
        contribution=contribution, author=coordinator, aspect="context", body="Bron?"
    )
    first, *rest = for_you(writer)
    assert first.kind == "deadline" and first.overdue
    assert "verstreek op" in first.text or "was due on" in first.text
    assert rest[-1].kind == "comments" and not rest[-1].overdue
    assert any(item.overdue for item in for_you(coordinator))
    page = as_user(writer).get(reverse("home")).content.decode()
    assert "Er wacht op dit moment niets op u" not in page
    assert page.index("data-overdue") < page.index('data-for-you-item="comments"')
    assert "Te laat" in page

    version = in_consultation(coordinator)
    [item] = for_you(reps["OCW"])
    assert item.kind == "response" and item.overdue
    assert item.deadline == CONSULTATION_DEADLINE
    assert version.number in item.link_text


def test_a_deadline_nobody_has_to_act_on_any_more_is_not_overdue(coordinator, reps):
    """A partner that responded, or a writer whose chapter was approved, has nothing
    overdue: the deadline is theirs only while they still have to act."""
    version = in_consultation(coordinator)  # every chapter approved on the way
    respond(version, reps["OCW"], "OCW")
    assert for_you(reps["OCW"]) == []
    writer = factories.writer(username="wendy")  # of team 1, whose chapter is approved
    assert not [item for item in for_you(writer) if item.kind == "deadline"]


def test_coordinator_is_not_asked_while_the_constituencies_respond(coordinator, reps):
    version = in_consultation(coordinator)
    assert "version_step" not in kinds(coordinator)
    for code in CODES:
        respond(version, reps[code], code)
    assert "version_step" in kinds(coordinator)  # establishing is now theirs


def test_a_partner_never_gets_a_link_to_a_chapter(coordinator, reps):
    in_consultation(coordinator)
    assert all("/bijdragen/" not in item.url for item in for_you(reps["VOB"]))


def _queries(user):
    """Queries of one request's ``for_you``: a fresh user, as each request loads it (what
    a process reads once, such as content types, is read before counting)."""
    for_you(type(user).objects.get(pk=user.pk))
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        for_you(user)
    return len(queries)


def test_for_you_costs_the_same_with_more_chapters_comments_and_responses(coordinator, reps):
    writer = factories.writer(username="wendy")
    version = in_consultation(coordinator)
    respond(version, reps["OCW"], "OCW")
    contribution = factories.contribution(1)
    take_review_step(obj=contribution, user=coordinator, step="reopen")
    users = [reps["VOB"], reps["OCW"], writer, coordinator]
    little = [_queries(user) for user in users]

    for n in range(5):
        Comment.objects.create(
            contribution=contribution, author=coordinator, aspect="context", body=f"Punt {n}"
        )
    for number in range(2, 6):
        chapter = factories.contribution(number)
        take_review_step(obj=chapter, user=coordinator, step="reopen")
        chapter_writer = factories.team_user("writer", number=number)
        factories.team_user("writer", number=number, username=f"extra{number}")
        fill(chapter, chapter_writer)
        take_review_step(obj=chapter, user=chapter_writer, step="submit")
        membership_set(team=chapter.team, user=writer, role="writer")
    for code in CODES[1:]:
        respond(version, reps[code], code)
    much = [_queries(user) for user in users]
    assert much == little


def test_home_shows_the_partner_what_waits_on_them(coordinator, reps, as_user):
    version = in_consultation(coordinator)
    page = as_user(reps["VOB"]).get(reverse("home")).content.decode()
    assert 'data-for-you-item="response"' in page
    assert f'href="{reverse("agenda:agenda_version", args=[version.pk])}"' in page
    assert page.count("<h1") == 1


def test_home_says_when_nothing_waits(as_user, db):
    page = as_user(factories.outsider(username="olga")).get(reverse("home")).content.decode()
    assert "data-for-you" in page and "data-for-you-item" not in page
