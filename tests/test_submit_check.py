"""Edit, check and submit: fields needed to submit, "save draft" keeps the writer in the
editor with a save status, the check page before submitting, and a conflict that shows
only the parts that differ."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from agenda.models import Contribution
from agenda.review.services import take_review_step
from agenda.services import ContributionContent, content_of, contribution_save
from tests import factories
from tests.agenda_helpers import complete_content, fill
from tests.test_contribution_edit import edit_data, post_edit


def nl(message, **values):
    with translation.override("nl"):
        return gettext(message) % values if values else gettext(message)


def edit_url(contribution):
    return reverse("agenda:contribution_edit", args=[contribution.pk])


def check_url(contribution):
    return reverse("agenda:contribution_submit", args=[contribution.pk])


def label_of(html, field_id):
    start = html.index(f'id="{field_id}_label"')
    return html[start : html.index("</label>", start)]


# -- Fields needed to submit ---------------------------------------------------------------


def test_aspect_texts_say_needed_to_submit_not_optional(as_user, cast, contribution):
    html = as_user(cast["writer"]).get(edit_url(contribution)).content.decode()
    for field_id in ["id_context", "id_ambition", "id_provision_KB", "id_programme_intro"]:
        label = label_of(html, field_id)
        assert nl("needed to submit") in label
        assert nl("optional") not in label
    # A field that submitting does not need stays optional.
    assert nl("optional") in label_of(html, "id_note")
    actions_heading = html[html.index('id="actions-table"') :]
    assert nl("needed to submit") in actions_heading[: actions_heading.index("</h3>")]


# -- Save draft: stay in the editor, with a save status --------------------------------------


def test_save_draft_stays_in_the_editor_and_says_when(as_user, cast, contribution):
    client = as_user(cast["writer"])
    response = post_edit(client, contribution, edit_data(contribution, save="1"))
    assert response.status_code == 302
    assert response["Location"] == f"{edit_url(contribution)}?opgeslagen=1#save-status"

    page = client.get(response["Location"])
    html = page.content.decode()
    contribution.refresh_from_db()
    time = timezone.localtime(contribution.updated_at).strftime("%H:%M")
    status = html[html.index('id="save-status"') - 80 :]
    status = status[: status.index("</p>")]
    assert 'role="status"' in status and "data-focus-after-post" in status
    assert nl("Your draft was saved at %(time)s.", time=time) in status
    # The status replaces the old flash message; the saved text is in the editor.
    assert nl("Your draft has been saved.") not in html
    assert "Context met" in html


def test_save_status_is_not_repeated_after_someone_else_saved(as_user, cast, contribution):
    client = as_user(cast["writer"])
    post_edit(client, contribution, edit_data(contribution))
    fill(contribution, factories.writer())  # revision 2
    html = client.get(edit_url(contribution) + "?opgeslagen=1").content.decode()
    assert "data-focus-after-post" not in html
    assert nl("Your draft was saved at %(time)s.", time="") not in html


def test_stale_banner_sits_with_the_save_button_and_is_hidden(as_user, cast, contribution):
    html = as_user(cast["writer"]).get(edit_url(contribution)).content.decode()
    banner = html.index("data-stale-banner")
    assert html.index('class="portal-save"') < banner < html.index('name="save"')
    assert html[banner : html.index(">", banner)].rstrip().endswith("hidden")


def test_save_and_check_goes_to_the_check_page(as_user, cast, contribution):
    response = post_edit(as_user(cast["writer"]), contribution, edit_data(contribution, check="1"))
    assert response.status_code == 302
    assert response["Location"] == check_url(contribution)
    assert Contribution.objects.get(pk=contribution.pk).revision == 1


def test_refused_save_is_an_error_summary_not_a_flash(as_user, cast, contribution):
    fill(contribution, cast["writer"])
    take_review_step(obj=contribution, user=cast["writer"], step="submit")
    data = edit_data(contribution, base_revision=1, context="<p>Te laat</p>")
    response = post_edit(as_user(cast["writer"]), contribution, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-error-summary" in html and 'href="#inhoud"' in html
    assert 'class="portal-messages"' not in html
    assert "Te laat" in html  # nothing typed is lost
    assert "Te laat" not in Contribution.objects.get(pk=contribution.pk).context


# -- The check page --------------------------------------------------------------------------


def test_chapter_page_sends_the_writer_to_the_check_page(as_user, cast, contribution):
    response = as_user(cast["writer"]).get(reverse("agenda:contribution", args=[contribution.pk]))
    (submit,) = [f for f in response.context["step_forms"] if f.step == "submit"]
    assert submit.check_url == submit.url == check_url(contribution)


def test_complete_chapter_is_checked_then_submitted_with_one_button(as_user, cast, contribution):
    fill(contribution, cast["writer"])
    client = as_user(cast["writer"])
    html = client.get(check_url(contribution)).content.decode()
    assert "data-error-summary" not in html
    assert html.count('name="step" value="submit"') == 1
    # Completeness per aspect and the word counts that were stored on saving.
    assert html.count(nl("Complete")) >= 4
    with translation.override("nl"):
        # "Ambitie: iedereen doet mee."
        assert ngettext("%(counter)s word", "%(counter)s words", 4) % {"counter": 4} in html
        assert ngettext("%(counter)s action", "%(counter)s actions", 1) % {"counter": 1} in html
    assert f'href="{edit_url(contribution)}#field-id_ambition"' in html

    response = client.post(check_url(contribution), {"action": "submit"})
    assert response.status_code == 302
    assert response["Location"] == reverse("agenda:contribution", args=[contribution.pk])
    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.SUBMITTED
    assert contribution.history.latest().history_user == cast["writer"]


def test_incomplete_chapter_links_each_missing_part_and_has_no_button(as_user, cast, contribution):
    fill(contribution, cast["writer"], ambition="", provision_texts={"BIB": "<p>x</p>"}, actions=[])
    html = as_user(cast["writer"]).get(check_url(contribution)).content.decode()
    summary = html[
        html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))
    ]
    for name in ["ambition", "provision_POI", "provision_KB", "actions"]:
        assert f'href="#fix-{name}"' in summary
        assert f'id="fix-{name}"' in html
    assert 'href="#fix-context"' not in summary
    assert f'id="fix-ambition" href="{edit_url(contribution)}#field-id_ambition"' in html
    assert f'id="fix-actions" href="{edit_url(contribution)}#actions-table"' in html
    assert nl("Incomplete") in html
    assert 'name="step" value="submit"' not in html


def test_forced_submit_of_an_incomplete_chapter_is_refused_in_the_summary(
    as_user, cast, contribution
):
    fill(contribution, cast["writer"], ambition="")
    response = as_user(cast["writer"]).post(check_url(contribution), {"action": "submit"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-error-summary" in html and 'href="#fix-ambition"' in html
    assert 'class="portal-messages"' not in html  # no loose flash message
    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.CONCEPT
    assert contribution.history.count() == 1  # only the save


def test_submit_after_the_state_moved_on_is_refused_in_the_summary(as_user, cast, contribution):
    fill(contribution, cast["writer"])
    client = as_user(cast["writer"])
    client.get(check_url(contribution))
    take_review_step(obj=contribution, user=factories.writer(), step="submit")
    response = client.post(check_url(contribution), {"action": "submit"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#check-summary"' in html
    assert nl("The contribution cannot be submitted") in html
    assert 'name="step" value="submit"' not in html
    assert contribution.history.count() == 2  # one save, one submit: no double record


@pytest.mark.parametrize(
    ("role", "status"), [("member", 403), ("read_along", 403), ("outsider", 404)]
)
def test_only_writers_open_and_post_the_check_page(as_user, cast, contribution, role, status):
    fill(contribution, cast["writer"])
    client = as_user(cast[role])
    assert client.get(check_url(contribution)).status_code == status
    assert client.post(check_url(contribution), {"action": "submit"}).status_code == status
    assert Contribution.objects.get(pk=contribution.pk).state == Contribution.State.CONCEPT


def test_check_page_queries_do_not_grow_with_the_actions(as_user, cast, contribution):
    client = as_user(cast["writer"])
    counts = []
    for rows in (1, 60):
        actions = [complete_content().actions[0] | {"activity": f"Actie {n}"} for n in range(rows)]
        fill(contribution, cast["writer"], actions=actions)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(check_url(contribution)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# -- A conflict shows only the parts that differ ------------------------------------------


def test_conflict_shows_one_banner_and_panels_only_for_differing_parts(as_user, cast, contribution):
    client = as_user(cast["writer"])
    post_edit(client, contribution, edit_data(contribution))  # revision 1
    contribution.refresh_from_db()
    theirs = ContributionContent(**(content_of(contribution).__dict__ | {"context": "<p>Hun</p>"}))
    contribution_save(
        contribution=contribution, user=factories.writer(), content=theirs, base_revision=1
    )
    response = post_edit(client, contribution, edit_data(contribution, base_revision=1))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('id="conflict"') == 1
    assert 'class="portal-messages"' not in html  # one banner, no flash besides it
    banner = html[html.index('id="conflict"') : html.index("</div>", html.index('id="conflict"'))]
    assert 'href="#field-id_context"' in banner
    assert "data-focus-after-post" in banner
    assert html.count('class="portal-conflict-panel"') == 1
    assert 'name="choice_context"' in html
    assert 'name="choice_ambition"' not in html and 'name="choice_actions"' not in html

    # Resolving posts only the choice shown; the parts that did not differ are kept.
    data = edit_data(contribution, base_revision=2, resolve_conflict="1", choice_context="mine")
    assert post_edit(client, contribution, data).status_code == 302
    contribution.refresh_from_db()
    assert contribution.context == "<p>Context met <strong>vet</strong></p>"
    assert contribution.revision == 3


def test_conflict_on_the_action_table_shows_its_panel(as_user, cast, contribution):
    client = as_user(cast["writer"])
    post_edit(client, contribution, edit_data(contribution))
    contribution.refresh_from_db()
    theirs = ContributionContent(**(content_of(contribution).__dict__ | {"actions": []}))
    contribution_save(
        contribution=contribution, user=factories.writer(), content=theirs, base_revision=1
    )
    html = post_edit(
        client, contribution, edit_data(contribution, base_revision=1)
    ).content.decode()
    banner = html[html.index('id="conflict"') : html.index("</div>", html.index('id="conflict"'))]
    assert 'href="#actions-table"' in banner and 'href="#field-id_context"' not in banner
    assert 'name="choice_actions"' in html and 'name="choice_context"' not in html
