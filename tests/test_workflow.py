"""The contribution state machine: every state x every action x every role."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from agenda.models import Contribution
from agenda.review.machine import ReviewStep
from agenda.review.services import take_review_step
from agenda.services import AgendaError, ContributionContent, contribution_save
from infra.revisions import RevisionConflict
from tests import factories
from tests.agenda_helpers import fill
from tests.conftest import ROLES, requires_postgresql

State = Contribution.State
ALLOWED = {
    (State.CONCEPT, ReviewStep.SUBMIT): {"writer"},
    (State.SUBMITTED, ReviewStep.RETURN): {"coordinator"},
    (State.SUBMITTED, ReviewStep.APPROVE): {"coordinator"},
    (State.APPROVED, ReviewStep.REOPEN): {"coordinator"},
}
TARGET = {
    ReviewStep.SUBMIT: State.SUBMITTED,
    ReviewStep.RETURN: State.CONCEPT,
    ReviewStep.APPROVE: State.APPROVED,
    ReviewStep.REOPEN: State.CONCEPT,
}
CASES = [
    (state, action, role)
    for state in State.values
    for action in ReviewStep.values
    for role in ROLES
]


def put_in_state(contribution, state):
    # Test set-up only: history is not the point here.
    Contribution.objects.filter(pk=contribution.pk).update(state=state)
    contribution.refresh_from_db()


@pytest.mark.parametrize(("state", "action", "role"), CASES)
def test_transition_matrix(client, cast, contribution, state, action, role):
    fill(contribution, cast["writer"])
    records = contribution.history.count()
    put_in_state(contribution, state)
    client.force_login(cast[role])
    url = reverse("agenda:review_step", args=[contribution.pk, action])
    response = client.post(url, {f"{action}-reason": "Graag de ambitie concreter maken"})
    contribution.refresh_from_db()
    if role in ALLOWED.get((state, action), set()):
        assert response.status_code == 302
        assert contribution.state == TARGET[action]
        record = contribution.history.latest()
        assert record.history_user == cast[role]
        assert record.state == TARGET[action]
    else:
        assert contribution.state == state
        assert contribution.history.count() == records
        assert response.status_code in {302, 403, 404}
        if role in {"partner", "outsider"}:
            assert response.status_code == 404
        elif response.status_code == 302:
            followed = client.get(response["Location"])
            assert any(m.level_tag == "error" for m in followed.context["messages"])


def test_return_without_reason_is_a_form_error(as_user, cast, contribution):
    put_in_state(contribution, State.SUBMITTED)
    response = as_user(cast["coordinator"]).post(
        reverse("agenda:review_step", args=[contribution.pk, "return"]),
        {"return-reason": "  "},
    )
    assert response.status_code == 200
    assert 'href="#id_return-reason"' in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.state == State.SUBMITTED


def test_writer_sees_the_return_reason(as_user, cast, contribution):
    fill(contribution, cast["writer"])
    take_review_step(obj=contribution, user=cast["writer"], step="submit")
    take_review_step(
        obj=contribution,
        user=cast["coordinator"],
        step="return",
        reason="Aspect 3 ontbreekt voor de POI's",
    )
    html = (
        as_user(cast["writer"])
        .get(reverse("agenda:contribution", args=[contribution.pk]))
        .content.decode()
    )
    assert "Aspect 3 ontbreekt voor de POI&#x27;s" in html


def test_an_incomplete_chapter_cannot_be_submitted(as_user, cast, contribution):
    fill(contribution, cast["writer"], ambition="", actions=[])
    response = as_user(cast["writer"]).post(
        reverse("agenda:review_step", args=[contribution.pk, "submit"]), follow=True
    )
    message = str(next(iter(response.context["messages"])))
    assert "Gezamenlijke ambitie" in message and "ten minste één actie" in message
    contribution.refresh_from_db()
    assert contribution.state == State.CONCEPT


def test_page_offers_only_the_users_actions(as_user, cast, contribution):
    url = reverse("agenda:contribution", args=[contribution.pk])
    submit = reverse("agenda:contribution_submit", args=[contribution.pk])  # check first
    assert submit in as_user(cast["writer"]).get(url).content.decode()
    assert submit not in as_user(cast["member"]).get(url).content.decode()
    assert submit not in as_user(cast["coordinator"]).get(url).content.decode()


def test_notifications_go_to_the_right_people(
    cast, contribution, django_capture_on_commit_callbacks
):
    cast["coordinator"].email = "coord@example.org"
    cast["coordinator"].save()
    fill(contribution, cast["writer"])
    with django_capture_on_commit_callbacks(execute=True):
        take_review_step(obj=contribution, user=cast["writer"], step="submit")
    assert [m.to for m in mail.outbox] == [["coord@example.org"]]
    assert "Geletterde samenleving" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        take_review_step(
            obj=contribution, user=cast["coordinator"], step="return", reason="Te lang"
        )
    assert mail.outbox[1].to == [cast["writer"].email]
    assert "Te lang" in mail.outbox[1].body
    assert cast["member"].email not in mail.outbox[1].to


def run_together(count, work):
    """Run ``work(index)`` in ``count`` threads released at the same moment."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def runner(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # the test inspects what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_approving_at_once_make_one_record():
    from tests.conftest import reseed_domain_facts

    reseed_domain_facts()
    writer = factories.writer()
    coordinators = [factories.coordinator(), factories.coordinator()]
    contribution = factories.contribution(1)
    fill(contribution, writer)
    take_review_step(obj=contribution, user=writer, step="submit")

    results = run_together(
        2,
        lambda i: take_review_step(obj=contribution, user=coordinators[i], step="approve"),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], AgendaError)
    assert "Goedgekeurd" in str(errors[0]) or "Approved" in str(errors[0])
    contribution.refresh_from_db()
    assert contribution.state == State.APPROVED
    assert contribution.history.filter(state=State.APPROVED).count() == 1


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_saves_one_wins_nineteen_conflict():
    from tests.conftest import reseed_domain_facts

    reseed_domain_facts()
    writer = factories.writer()
    contribution = factories.contribution(1)
    base = contribution.revision
    records_before = contribution.history.count()

    results = run_together(
        20,
        lambda i: contribution_save(
            contribution=contribution,
            user=writer,
            content=ContributionContent(context=f"<p>Versie {i}</p>"),
            base_revision=base,
        ),
    )
    wins = [r for r in results if isinstance(r, Contribution)]
    conflicts = [r for r in results if isinstance(r, RevisionConflict)]
    assert len(wins) == 1 and len(conflicts) == 19
    contribution.refresh_from_db()
    assert contribution.revision == base + 1
    assert contribution.history.count() == records_before + 1
    assert contribution.context == wins[0].context
    # Every loser was shown the winner's text to compare with.
    assert {c.current.context for c in conflicts} == {wins[0].context}


def test_return_reason_stays_visible_after_the_writer_saves(as_user, cast, contribution):
    fill(contribution, cast["writer"])
    take_review_step(obj=contribution, user=cast["writer"], step="submit")
    take_review_step(
        obj=contribution, user=cast["coordinator"], step="return", reason="Korter graag"
    )
    fill(contribution, cast["writer"], context="<p>Korter.</p>")
    url = reverse("agenda:contribution", args=[contribution.pk])
    assert "Korter graag" in as_user(cast["writer"]).get(url).content.decode()
    take_review_step(obj=contribution, user=cast["writer"], step="submit")
    assert "Korter graag" not in as_user(cast["writer"]).get(url).content.decode()


def test_role_without_the_step_is_refused_before_the_form(as_user, cast, contribution):
    put_in_state(contribution, State.SUBMITTED)
    response = as_user(cast["member"]).post(
        reverse("agenda:review_step", args=[contribution.pk, "return"]),
        {"return-reason": ""},
    )
    assert response.status_code == 403


def test_notification_links_are_absolute(
    cast, contribution, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://netwerkagenda.example.nl"
    fill(contribution, cast["writer"])
    with django_capture_on_commit_callbacks(execute=True):
        take_review_step(obj=contribution, user=cast["writer"], step="submit")
    assert f"https://netwerkagenda.example.nl/bijdragen/{contribution.pk}/" in mail.outbox[0].body


def test_history_reasons_are_in_the_site_language_whoever_acts(cast, contribution):
    from django.utils import translation

    fill(contribution, cast["writer"])
    with translation.override("en"):
        take_review_step(obj=contribution, user=cast["writer"], step="submit")
    assert contribution.history.latest().history_change_reason == "Ingediend ter beoordeling"
