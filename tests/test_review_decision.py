"""A coordinator's review as one decision (approve, or return with a reason) on a chapter
and on a network text, and the compare page that starts at the previous submission."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from agenda.models import Contribution, Edition, NetworkText
from agenda.review.services import take_review_step
from agenda.services import network_text_save
from teams.services import membership_set
from tests import factories
from tests.agenda_helpers import fill

State = Contribution.State
FOUR_EYES = "You wrote or submitted this version, so another coordinator approves it (four eyes)."


def decide_url(obj):
    return obj.review_step_url("beoordelen")


@pytest.fixture
def submitted(cast, contribution):
    fill(contribution, cast["writer"])
    take_review_step(obj=contribution, user=cast["writer"], step="submit")
    contribution.refresh_from_db()
    return contribution


def test_a_coordinator_sees_one_decision_form_with_two_answers(as_user, cast, submitted):
    html = as_user(cast["coordinator"]).get(submitted.get_absolute_url()).content.decode()
    assert html.count('class="portal-workflow__form portal-decision"') == 1
    assert f'action="{decide_url(submitted)}"' in html
    assert 'name="review-decision" value="approve"' in html
    assert 'name="review-decision" value="return"' in html
    assert 'data-aria-controls="decision-return"' in html and 'id="decision-return"' in html
    assert "js/conditional-reveal.js" in html
    assert gettext("Record decision") in html
    # the single steps' buttons are gone
    assert 'name="action" value="approve"' not in html
    assert 'name="action" value="return"' not in html


def test_approving_through_the_decision_form(as_user, cast, submitted):
    client = as_user(cast["coordinator"])
    response = client.post(
        decide_url(submitted), {"review-decision": "approve", "review-note": "Mooi werk"}
    )
    assert response.status_code == 302
    assert response["Location"] == submitted.get_absolute_url() + "#inhoud"
    submitted.refresh_from_db()
    assert submitted.state == State.APPROVED
    record = submitted.history.latest()
    assert record.history_user == cast["coordinator"]
    assert record.history_change_reason == "Mooi werk"
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        gettext("The contribution has been approved.")
    ]


def test_returning_through_the_decision_form_records_the_reason(as_user, cast, submitted):
    client = as_user(cast["coordinator"])
    response = client.post(
        decide_url(submitted),
        {"review-decision": "return", "review-reason": "Vul aspect 3 aan", "review-note": "x"},
        follow=True,
    )
    submitted.refresh_from_db()
    assert submitted.state == State.CONCEPT
    assert submitted.history.latest().history_change_reason == "Vul aspect 3 aan"
    assert [str(m) for m in response.context["messages"]] == [
        gettext("The contribution has been returned to the team with your reason.")
    ]


def test_no_choice_is_an_error_linked_to_the_radios(as_user, cast, submitted):
    response = as_user(cast["coordinator"]).post(
        decide_url(submitted), {"review-note": "Nog even kijken"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_review-decision"' in html and 'id="id_review-decision"' in html
    assert "Nog even kijken" in html  # nothing typed is lost
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_return_without_reason_is_an_error_and_keeps_the_choice(as_user, cast, submitted):
    records = submitted.history.count()
    response = as_user(cast["coordinator"]).post(
        decide_url(submitted), {"review-decision": "return", "review-reason": "   "}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_review-reason"' in html
    assert gettext("Give a reason, so that the team knows what to change.") in html
    assert re.search(r'value="return" id="[^"]+" data-aria-controls="[^"]+" checked', html)
    assert "data-error-summary" in html
    assert submitted.history.count() == records


def test_the_reason_typed_with_an_error_elsewhere_is_kept(as_user, cast, submitted):
    response = as_user(cast["coordinator"]).post(
        decide_url(submitted), {"review-reason": "Graag concreter"}
    )
    html = response.content.decode()
    assert 'href="#id_review-decision"' in html and "Graag concreter" in html


def test_writers_may_not_decide(as_user, cast, submitted):
    response = as_user(cast["writer"]).post(decide_url(submitted), {"review-decision": "approve"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    html = as_user(cast["writer"]).get(submitted.get_absolute_url()).content.decode()
    assert "review-decision" not in html


def test_outsiders_get_404(as_user, cast, submitted):
    response = as_user(cast["outsider"]).post(decide_url(submitted), {"review-decision": "approve"})
    assert response.status_code == 404


def test_a_decision_on_a_state_that_moved_on_is_told_not_taken(as_user, cast, submitted):
    other = factories.coordinator(username="otto")
    take_review_step(obj=submitted, user=other, step="approve")
    response = as_user(cast["coordinator"]).post(
        decide_url(submitted),
        {"review-decision": "return", "review-reason": "Te laat"},
        follow=True,
    )
    submitted.refresh_from_db()
    assert submitted.state == State.APPROVED
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.fixture
def coordinator_who_wrote(db):
    user = factories.coordinator(username="carla")
    membership_set(team=factories.team(1), user=user, role="writer")
    contribution = factories.contribution(1)
    fill(contribution, user)
    take_review_step(obj=contribution, user=user, step="submit")
    return user, contribution


def test_four_eyes_page_explains_and_offers_only_the_return(as_user, coordinator_who_wrote):
    user, contribution = coordinator_who_wrote
    html = as_user(user).get(contribution.get_absolute_url()).content.decode()
    assert gettext(FOUR_EYES) in html
    assert 'value="approve"' not in html
    assert '<input type="hidden" name="review-decision" value="return">' in html
    assert gettext("Return to the team") in html


def test_four_eyes_approval_posted_anyway_is_refused(as_user, coordinator_who_wrote):
    user, contribution = coordinator_who_wrote
    response = as_user(user).post(
        decide_url(contribution), {"review-decision": "approve"}, follow=True
    )
    contribution.refresh_from_db()
    assert contribution.state == State.SUBMITTED
    assert [str(m) for m in response.context["messages"]] == [gettext(FOUR_EYES)]


def test_four_eyes_coordinator_may_still_return(as_user, coordinator_who_wrote):
    user, contribution = coordinator_who_wrote
    as_user(user).post(
        decide_url(contribution), {"review-decision": "return", "review-reason": "Zelf gezien"}
    )
    contribution.refresh_from_db()
    assert contribution.state == State.CONCEPT


@pytest.fixture
def submitted_motto(cast):
    writer = factories.team_user("writer", number=7)
    text = NetworkText.objects.get(edition=Edition.objects.current(), kind="motto")
    network_text_save(
        text=text, user=writer, body="<p>Samen sterk</p>", base_revision=text.revision
    )
    take_review_step(obj=text, user=writer, step="submit")
    return text


def test_network_text_decision_form_and_approval(as_user, cast, submitted_motto):
    client = as_user(cast["coordinator"])
    url = reverse("agenda:network_text", args=["motto"])
    html = client.get(url).content.decode()
    assert f'action="{decide_url(submitted_motto)}"' in html
    assert 'name="review-decision" value="approve"' in html
    response = client.post(decide_url(submitted_motto), {"review-decision": "approve"}, follow=True)
    submitted_motto.refresh_from_db()
    assert submitted_motto.state == NetworkText.State.APPROVED
    [message] = [str(m) for m in response.context["messages"]]
    assert message == gettext("%(text)s has been approved.") % {
        "text": submitted_motto.get_kind_display()
    }


def test_network_text_return_without_reason_re_shows_the_page(as_user, cast, submitted_motto):
    response = as_user(cast["coordinator"]).post(
        decide_url(submitted_motto), {"review-decision": "return"}
    )
    assert response.status_code == 200
    assert 'href="#id_review-reason"' in response.content.decode()
    submitted_motto.refresh_from_db()
    assert submitted_motto.state == NetworkText.State.SUBMITTED


# Compare since the previous submission.


def _round(contribution, writer, coordinator, text):
    fill(contribution, writer, context=f"<p>{text}</p>")
    take_review_step(obj=contribution, user=writer, step="submit")


def test_compare_starts_at_the_previous_submission(as_user, cast, contribution):
    writer, coordinator = cast["writer"], cast["coordinator"]
    _round(contribution, writer, coordinator, "Eerste ronde")
    take_review_step(obj=contribution, user=coordinator, step="return", reason="Meer")
    fill(contribution, writer, context="<p>Tussenstand</p>")
    fill(contribution, writer, context="<p>Tweede ronde</p>")
    take_review_step(obj=contribution, user=writer, step="submit")
    first_submission = contribution.history.filter(state=State.SUBMITTED).earliest()
    newest = contribution.history.latest()

    response = as_user(coordinator).get(reverse("agenda:history_compare", args=[contribution.pk]))
    assert response.context["old"].history_id == first_submission.history_id
    assert response.context["new"].history_id == newest.history_id
    html = response.content.decode()
    assert "verwijderd: </span>Eerste" in html and "toegevoegd: </span>Tweede" in html


def test_compare_chooser_marks_submitted_returned_and_approved(as_user, cast, contribution):
    writer, coordinator = cast["writer"], cast["coordinator"]
    _round(contribution, writer, coordinator, "Een")
    take_review_step(obj=contribution, user=coordinator, step="return", reason="Meer")
    _round(contribution, writer, coordinator, "Twee")
    other = factories.coordinator(username="otto")
    take_review_step(obj=contribution, user=other, step="approve")
    form = (
        as_user(writer)
        .get(reverse("agenda:history_compare", args=[contribution.pk]))
        .context["form"]
    )
    labels = [str(label) for _id, label in form.fields["van"].choices]
    for event in ["submitted", "returned", "approved"]:
        assert any(label.endswith(f"— {pgettext('version', event)}") for label in labels), event


def test_compare_falls_back_to_the_newest_two_before_any_submission(as_user, cast, contribution):
    fill(contribution, cast["writer"], context="<p>Een</p>")
    fill(contribution, cast["writer"], context="<p>Twee</p>")
    response = as_user(cast["member"]).get(
        reverse("agenda:history_compare", args=[contribution.pk])
    )
    records = list(contribution.history.order_by("-history_date", "-history_id"))
    assert response.context["old"].history_id == records[1].history_id
    assert response.context["new"].history_id == records[0].history_id


def test_chapter_page_links_a_reviewer_to_what_changed(as_user, cast, contribution):
    writer, coordinator = cast["writer"], cast["coordinator"]
    link = gettext("See what changed since the previous submission")
    _round(contribution, writer, coordinator, "Een")
    page = as_user(coordinator).get(contribution.get_absolute_url()).content.decode()
    assert link not in page  # a first submission has nothing before it
    take_review_step(obj=contribution, user=coordinator, step="return", reason="Meer")
    _round(contribution, writer, coordinator, "Twee")
    page = as_user(coordinator).get(contribution.get_absolute_url()).content.decode()
    assert link in page
    assert reverse("agenda:history_compare", args=[contribution.pk]) in page
