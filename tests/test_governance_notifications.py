"""Who hears of each governance step by e-mail, and of a reopened chapter."""

import pytest
from django.core import mail

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step, partner_decision_record, partner_response_record
from agenda.models import Edition, PartnerDecision, PartnerResponse
from agenda.notifications import everyone_with_an_account
from agenda.review.services import take_review_step
from partners.models import Partner
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything

CODES = ["OCW", "IPO", "VNG", "VOB", "SPN", "KB"]
BOARDS = ["VOB", "SPN", "KB"]


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


@pytest.fixture
def reps(db):
    return {code: factories.partner_rep(code, username=code.lower()) for code in CODES}


@pytest.fixture
def people(db):
    return {
        "writer": factories.writer(username="wendy"),
        "member": factories.member(username="mark"),
        "read_along": factories.read_along(username="rita"),
        "outsider": factories.outsider(username="olga"),
        "inactive": factories.writer(username="ida", is_active=False),
    }


def addresses(*usernames):
    return sorted(f"{name}@example.org" for name in usernames)


def sent(outbox=None):
    """Every recipient of the mails sent, each mail addressed to one person only."""
    outbox = mail.outbox if outbox is None else outbox
    assert all(len(message.to) == 1 for message in outbox)
    return sorted(message.to[0] for message in outbox)


def step(version, coordinator, name, capture):
    mail.outbox.clear()
    with capture(execute=True):
        return agenda_step(version=version, user=coordinator, step=name)


def in_consultation(coordinator, capture):
    approve_everything(coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    for name in ["to_feedback", "to_definitive", "to_consultation"]:
        version = step(version, coordinator, name, capture)
    return version


def in_decision(coordinator, reps, capture):
    version = in_consultation(coordinator, capture)
    for code in CODES:
        partner_response_record(
            version=version,
            user=reps[code],
            partner=Partner.objects.get(code=code),
            verdict=PartnerResponse.Verdict.AGREE,
            text="Akkoord.",
        )
    version = step(version, coordinator, "establish", capture)
    return step(version, coordinator, "to_decision", capture)


def test_consultation_asks_every_partners_representatives(
    coordinator, reps, people, django_capture_on_commit_callbacks
):
    in_consultation(coordinator, django_capture_on_commit_callbacks)
    assert sent() == addresses(*(code.lower() for code in CODES))
    assert "/agenda/" in mail.outbox[0].body
    assert "2021" in mail.outbox[0].body  # the seeded constituency milestone


def test_steps_without_anyone_to_ask_send_nothing(
    coordinator, reps, people, django_capture_on_commit_callbacks
):
    approve_chapter(1, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    step(version, coordinator, "to_feedback", django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_decision_asks_only_the_deciding_boards(
    coordinator, reps, people, django_capture_on_commit_callbacks
):
    in_decision(coordinator, reps, django_capture_on_commit_callbacks)
    assert sent() == addresses(*(code.lower() for code in BOARDS))
    assert "VOB, SPN, KB" in mail.outbox[0].body


def test_a_rejection_is_told_to_coordinators_and_representatives(
    coordinator, reps, people, django_capture_on_commit_callbacks
):
    version = in_decision(coordinator, reps, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        partner_decision_record(
            version=version,
            user=reps["KB"],
            partner=Partner.objects.get(code="KB"),
            decision=PartnerDecision.Decision.REJECT,
            note="Hoofdstuk 6 is te vaag.",
        )
    assert sent() == addresses("carla", *(code.lower() for code in CODES))
    assert "Hoofdstuk 6 is te vaag." in mail.outbox[0].body


def test_an_approval_sends_nothing(coordinator, reps, people, django_capture_on_commit_callbacks):
    version = in_decision(coordinator, reps, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        partner_decision_record(
            version=version,
            user=reps["VOB"],
            partner=Partner.objects.get(code="VOB"),
            decision=PartnerDecision.Decision.APPROVE,
            note="",
        )
    assert mail.outbox == []


def test_ratification_is_told_to_everyone_with_an_account(
    coordinator, reps, people, django_capture_on_commit_callbacks
):
    version = in_decision(coordinator, reps, django_capture_on_commit_callbacks)
    for code in BOARDS:
        partner_decision_record(
            version=version,
            user=reps[code],
            partner=Partner.objects.get(code=code),
            decision=PartnerDecision.Decision.APPROVE,
            note="",
        )
    step(version, coordinator, "ratify", django_capture_on_commit_callbacks)
    expected = {"carla", "wendy", "mark", "rita", *(c.lower() for c in CODES)}
    # approve_everything made a writer for every team: they hear of it too.
    writers = {
        user.username
        for user in type(coordinator).objects.filter(memberships__isnull=False, is_active=True)
    }
    assert sent() == sorted(f"{name}@example.org" for name in expected | writers)
    assert "olga@example.org" not in sent() and "ida@example.org" not in sent()
    assert writers


def test_ratification_mail_costs_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    for n in range(20):
        factories.member(username=f"lid{n}")
    with django_assert_max_num_queries(1):
        list(everyone_with_an_account().values_list("email", flat=True))


def test_a_reopened_chapter_is_told_to_the_teams_writers(
    coordinator, people, django_capture_on_commit_callbacks
):
    contribution = approve_chapter(1, coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        take_review_step(obj=contribution, user=coordinator, step="reopen", reason="Nieuw")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    writers = sorted(
        user.email
        for user in type(coordinator).objects.filter(
            memberships__team__number=1, memberships__role="writer", is_active=True
        )
    )
    assert recipients == writers and "wendy@example.org" in recipients
    assert "mark@example.org" not in recipients
    assert "Nieuw" in mail.outbox[0].body
