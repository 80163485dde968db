"""The writers' home page as a task list, and the page that confirms a compile.

Status tags say what is true now (``agenda.review.selectors.task_status``):
Not started -> In progress -> Submitted -> Approved, and Returned after a return, which
stays until the chapter is submitted again: saving a returned chapter does not make
it "In progress", so the tag keeps telling the team that it still has to act.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from agenda.governance.compiling import agenda_compile, compile_content
from agenda.models import AgendaVersion, Contribution, Edition
from agenda.review.selectors import TaskStatus
from agenda.review.services import take_review_step
from bench.grow import add_versions
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything, approve_network_texts, fill


def own_row(client, number=1):
    rows = client.get(reverse("home")).context["own_rows"]
    return next(r for r in rows if r["obj"].team.number == number)


def listed_row(response, number):
    rows = [row for _label, rows in response.context["groups"] for row in rows]
    return next(r for r in rows if r["obj"].team.number == number)


@pytest.fixture
def writer_client(as_user, cast):
    return as_user(cast["writer"])


def test_an_untouched_chapter_is_not_started(writer_client):
    row = own_row(writer_client)
    assert row["status"] == TaskStatus.NOT_STARTED
    assert row["reason_url"] is None


def test_an_empty_save_is_still_not_started(writer_client, cast, contribution):
    fill(
        contribution,
        cast["writer"],
        context="",
        ambition="",
        provision_texts={},
        programme_intro="",
        actions=[],
    )
    assert Contribution.objects.get(pk=contribution.pk).updated_at is not None
    assert own_row(writer_client)["status"] == TaskStatus.NOT_STARTED


def test_a_saved_draft_is_in_progress(writer_client, cast, contribution):
    fill(contribution, cast["writer"])
    assert own_row(writer_client)["status"] == TaskStatus.IN_PROGRESS


def test_a_submitted_chapter_is_submitted(writer_client, cast, contribution):
    fill(contribution, cast["writer"])
    take_review_step(obj=contribution, user=cast["writer"], step="submit")
    assert own_row(writer_client)["status"] == TaskStatus.SUBMITTED


def returned(cast, contribution):
    fill(contribution, cast["writer"])
    take_review_step(obj=contribution, user=cast["writer"], step="submit")
    take_review_step(
        obj=contribution, user=cast["coordinator"], step="return", reason="Graag aanvullen."
    )
    contribution.refresh_from_db()
    return contribution


def test_a_returned_chapter_is_returned_and_links_to_the_reason(writer_client, cast, contribution):
    returned(cast, contribution)
    response = writer_client.get(reverse("home"))
    row = response.context["own_rows"][0]
    assert row["status"] == TaskStatus.RETURNED
    assert row["reason_url"] == contribution.get_absolute_url() + "#reden"
    html = response.content.decode()
    assert "portal-tag--returned" in html
    assert f'href="{row["reason_url"]}"' in html
    chapter = writer_client.get(contribution.get_absolute_url()).content.decode()
    assert 'id="reden"' in chapter
    assert "Graag aanvullen." in chapter


def test_a_returned_chapter_stays_returned_after_a_save(writer_client, cast, contribution):
    """The team still has to act on the reason until it submits again."""
    contribution = returned(cast, contribution)
    fill(contribution, cast["writer"], ambition="<p>Aangevuld.</p>")
    assert own_row(writer_client)["status"] == TaskStatus.RETURNED


def test_a_returned_chapter_submitted_again_is_submitted(writer_client, cast, contribution):
    contribution = returned(cast, contribution)
    take_review_step(obj=contribution, user=cast["writer"], step="submit")
    row = own_row(writer_client)
    assert row["status"] == TaskStatus.SUBMITTED
    assert row["reason_url"] is None


def test_an_approved_chapter_is_approved(writer_client, cast):
    approve_chapter(1, cast["coordinator"])
    assert own_row(writer_client)["status"] == TaskStatus.APPROVED


def test_a_chapter_reopened_after_approval_is_in_progress(writer_client, cast):
    contribution = approve_chapter(1, cast["coordinator"])
    take_review_step(
        obj=contribution, user=cast["coordinator"], step="reopen", reason="Nog één ding."
    )
    assert own_row(writer_client)["status"] == TaskStatus.IN_PROGRESS


def test_status_labels_are_the_dutch_words(writer_client, cast, contribution, settings):
    returned(cast, contribution)
    html = writer_client.get(reverse("home")).content.decode()
    assert str(TaskStatus.RETURNED.label) in html
    assert gettext("Read why it was returned") in html


def test_own_chapter_comes_first_only_for_its_team(as_user, cast):
    assert [r["obj"].team.number for r in own_row_list(as_user(cast["member"]))] == [1]
    for role in ["read_along", "coordinator", "partner", "outsider"]:
        response = as_user(cast[role]).get(reverse("home"))
        assert response.context["own_rows"] == [], role
        assert 'id="own-heading"' not in response.content.decode()


def own_row_list(client):
    return client.get(reverse("home")).context["own_rows"]


def test_team_seven_sees_motto_and_manifesto_with_its_chapter(as_user, cast):
    writer7 = factories.team_user("writer", number=7)
    rows = own_row_list(as_user(writer7))
    assert [r["title"] for r in rows][1:] == [gettext("Motto"), gettext("Manifesto")]
    assert rows[0]["obj"].team.number == 7
    assert {r["status"] for r in rows[1:]} == {TaskStatus.NOT_STARTED}
    approve_network_texts(cast["coordinator"])
    rows = own_row_list(as_user(writer7))
    assert {r["status"] for r in rows[1:]} == {TaskStatus.APPROVED}
    assert rows[1]["url"] == reverse("agenda:network_text", args=["motto"])


def test_chapters_one_may_not_read_are_not_links(as_user, cast):
    response = as_user(cast["writer"]).get(reverse("home"))
    other = listed_row(response, 2)
    assert other["url"] is None
    assert factories.contribution(2).get_absolute_url() not in response.content.decode()
    assert listed_row(response, 1)["url"] == factories.contribution(1).get_absolute_url()


def test_every_status_appears_in_the_twelve_chapter_list(as_user, cast):
    coordinator = cast["coordinator"]
    approve_chapter(2, coordinator)
    c3 = factories.contribution(3)
    writer3 = factories.team_user("writer", number=3)
    fill(c3, writer3)
    c4 = factories.contribution(4)
    writer4 = factories.team_user("writer", number=4)
    fill(c4, writer4)
    take_review_step(obj=c4, user=writer4, step="submit")
    c5 = factories.contribution(5)
    writer5 = factories.team_user("writer", number=5)
    fill(c5, writer5)
    take_review_step(obj=c5, user=writer5, step="submit")
    take_review_step(obj=c5, user=coordinator, step="return", reason="Te kort.")
    response = as_user(coordinator).get(reverse("home"))
    statuses = {n: listed_row(response, n)["status"] for n in range(1, 6)}
    assert statuses == {
        1: TaskStatus.NOT_STARTED,
        2: TaskStatus.APPROVED,
        3: TaskStatus.IN_PROGRESS,
        4: TaskStatus.SUBMITTED,
        5: TaskStatus.RETURNED,
    }
    assert listed_row(response, 5)["reason_url"].endswith("#reden")


def _home_queries(client):
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("number", [1, 7])
def test_home_costs_the_same_with_long_histories(as_user, cast, number):
    """Twelve chapters with two records each, then with twenty more each and a return:
    the same number of queries (the team-7 writer also gets the network texts)."""
    user = cast["writer"] if number == 1 else factories.team_user("writer", number=7)
    client = as_user(user)
    coordinator = cast["coordinator"]
    for n in range(1, 13):
        approve_chapter(n, coordinator) if n % 2 else fill(
            factories.contribution(n), factories.team_user("writer", number=n)
        )
    approve_network_texts(coordinator)
    few = _home_queries(client)
    for n in range(1, 13):
        contribution = factories.contribution(n)
        add_versions(contribution, 20)
        contribution.refresh_from_db()
        take_review_step(obj=contribution, user=contribution.updated_by, step="submit")
        take_review_step(obj=contribution, user=coordinator, step="return", reason="y")
    many = _home_queries(client)
    assert Contribution.history.filter(id=factories.contribution(1).pk).count() > 20
    assert many == few
    statuses = {row["status"] for row in own_row_list(client)[:1]}
    assert statuses == {TaskStatus.RETURNED}


# The compile page


def test_compile_page_counts_approved_chapters_and_lists_placeholders(as_user, cast):
    coordinator = cast["coordinator"]
    approve_chapter(1, coordinator)
    approve_chapter(3, coordinator)
    response = as_user(coordinator).get(reverse("agenda:agenda_compile"))
    assert response.context["approved_count"] == 2
    assert response.context["team_count"] == 12
    placeholders = [team.number for team in response.context["content"].placeholders]
    assert placeholders == [2, *range(4, 13)]
    html = response.content.decode()
    assert 'id="compile-approved-count"' in html
    assert response.context["content"].motto is None
    assert gettext("Not approved yet: left out") in html
    assert gettext("Yes, compile") in html  # something to compile


def test_compile_page_names_chapters_reopened_since_their_approval(as_user, cast):
    coordinator = cast["coordinator"]
    contribution = approve_chapter(4, coordinator)
    take_review_step(obj=contribution, user=coordinator, step="reopen", reason="Nog iets.")
    response = as_user(coordinator).get(reverse("agenda:agenda_compile"))
    assert response.context["approved_count"] == 1
    assert [t.number for t in response.context["changed_since_approval"]] == [4]


def test_compile_page_says_when_nothing_changed_and_offers_no_button(as_user, cast):
    coordinator = cast["coordinator"]
    approve_network_texts(coordinator)
    approve_chapter(1, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    response = as_user(coordinator).get(reverse("agenda:agenda_compile"))
    content = response.context["content"]
    assert not content.changes_anything
    html = response.content.decode()
    assert 'id="compile-refusal"' in html
    assert version.number in content.refusal
    assert gettext("Yes, compile") not in html
    # the service refuses for the same reason, with the same words
    response = as_user(coordinator).post(reverse("agenda:agenda_compile"), follow=True)
    assert AgendaVersion.objects.count() == 1
    assert content.refusal in response.content.decode()


def test_compile_content_matches_what_compiling_freezes(cast):
    coordinator = cast["coordinator"]
    approve_network_texts(coordinator)
    approve_chapter(2, coordinator)
    edition = Edition.objects.current()
    before = compile_content(edition)
    version = agenda_compile(edition=edition, user=coordinator)
    assert version.motto_id == before.motto.pk
    frozen = dict(version.chapters.values_list("team_id", "record_id"))
    assert frozen == {team_id: getattr(r, "pk", None) for team_id, r in before.records.items()}
    assert not compile_content(edition).changes_anything


def test_versions_list_prompts_coordinators_once_all_twelve_are_approved(as_user, cast):
    coordinator = cast["coordinator"]
    edition = Edition.objects.current()
    approve_network_texts(coordinator)
    for n in range(1, 12):
        approve_chapter(n, coordinator)
    agenda_compile(edition=edition, user=coordinator)  # chapter 12 a placeholder
    url = reverse("agenda:agenda_versions")
    assert not as_user(coordinator).get(url).context["all_approved_not_compiled"]
    approve_chapter(12, coordinator)
    response = as_user(coordinator).get(url)
    assert response.context["all_approved_not_compiled"]
    prompt = gettext("All twelve chapters have been approved: compile a new version.")
    assert prompt in response.content.decode()
    assert prompt not in as_user(cast["writer"]).get(url).content.decode()
    agenda_compile(edition=edition, user=coordinator)
    assert not as_user(coordinator).get(url).context["all_approved_not_compiled"]


def test_versions_list_prompt_when_no_version_yet(as_user, cast):
    approve_everything(cast["coordinator"])
    response = as_user(cast["coordinator"]).get(reverse("agenda:agenda_versions"))
    assert response.context["all_approved_not_compiled"]


def test_home_and_versions_list_cost_the_same_with_ten_times_the_data(as_user, cast):
    """As ``test_query_budgets``, for the pages changed here (the versions list runs the
    compile check for coordinators once every chapter is approved)."""
    from bench.grow import grow

    pages = [("writer", reverse("home")), ("coordinator", reverse("agenda:agenda_versions"))]

    def counts():
        result = []
        for role, url in pages:
            client = as_user(cast[role])
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    grow(3)
    little = counts()
    grow(27)
    assert counts() == little
