from html.parser import HTMLParser

import pytest
from django.urls import reverse

from agenda.models import Contribution
from agenda.services import AgendaError, ContributionContent, contribution_save
from infra.revisions import RevisionConflict
from teams.permissions import TeamPerm, has_team_perm


def edit_data(contribution, **overrides):
    data = {
        "base_revision": contribution.revision,
        "context": "<p>Context met <strong>vet</strong></p>",
        "ambition": "<h3>Ambitie</h3><ul><li>een</li><li>twee</li></ul>",
        "provision_BIB": "<p>Bibliotheken doen mee</p>",
        "provision_POI": "<p>POI's ondersteunen</p>",
        "provision_KB": "<p>De KB coördineert</p>",
        "programme_intro": "<p>In 2021 <em>beginnen</em> we.</p>",
        "note": "Eerste versie",
        "actions-TOTAL_FORMS": "2",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
        "actions-0-activity": "Leesclubs starten",
        "actions-0-lead": "provision:BIB",
        "actions-0-quarters": ["Q1", "Q2"],
        "actions-0-result": "Twintig leesclubs",
        "actions-0-ORDER": "2",
        "actions-1-activity": "Campagne",
        "actions-1-lead": "partner:VNG",
        "actions-1-result": "Bereik",
        "actions-1-ORDER": "1",
    }
    return data | overrides


def post_edit(client, contribution, data):
    return client.post(reverse("agenda:contribution_edit", args=[contribution.pk]), data)


def test_writer_saves_all_four_aspects_as_one_history_record(as_user, cast, contribution):
    response = post_edit(as_user(cast["writer"]), contribution, edit_data(contribution))
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.context == "<p>Context met <strong>vet</strong></p>"
    assert contribution.provision_texts["KB"] == "<p>De KB coördineert</p>"
    # Rows are stored in the order the writer gave them.
    assert [a["activity"] for a in contribution.actions] == ["Campagne", "Leesclubs starten"]
    assert contribution.actions[1]["quarters"] == ["Q1", "Q2"]
    assert contribution.revision == 1
    assert contribution.updated_by == cast["writer"]
    record = contribution.history.get()
    assert record.history_user == cast["writer"]
    assert record.history_change_reason == "Eerste versie"
    assert record.actions == contribution.actions
    assert record.provision_texts == contribution.provision_texts


def test_read_page_shows_the_saved_text_and_actions(as_user, cast, contribution):
    client = as_user(cast["writer"])
    post_edit(client, contribution, edit_data(contribution))
    page = as_user(cast["member"]).get(reverse("agenda:contribution", args=[contribution.pk]))
    html = page.content.decode()
    for text in [
        "Context met <strong>vet</strong>",
        "De KB coördineert",
        "Leesclubs starten",
        "Twintig leesclubs",
        "VNG",
        "K1, K2",
    ]:
        assert text in html
    assert reverse("agenda:contribution_edit", args=[contribution.pk]) not in html


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>a<script>alert(1)</script></p>", "<script"),
        ('<p onclick="alert(1)">a</p>', "onclick"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">a</a>', "javascript:"),
        ('<a href=" javascript:alert(1)">a</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">a</a>', "alert"),
        ('<a href="jav&#x09;ascript:alert(1)">a</a>', "alert"),
        ('<a href="data:text/html,<script>x</script>">a</a>', "data:"),
        ('<p style="color:red">a</p>', "style"),
        ("<style>p{color:red}</style><p>a</p>", "<style"),
        ('<iframe src="https://example.org"></iframe>', "iframe"),
    ],
)
def test_script_and_event_handlers_are_removed_before_storage(
    as_user, cast, contribution, dirty, forbidden
):
    data = edit_data(contribution, context=dirty, provision_POI=dirty)
    post_edit(as_user(cast["writer"]), contribution, data)
    contribution.refresh_from_db()
    assert forbidden not in contribution.context.lower()
    assert forbidden not in contribution.provision_texts["POI"].lower()
    assert forbidden not in contribution.history.get().context.lower()


def test_safe_links_survive_sanitising(as_user, cast, contribution):
    html = '<p><a href="https://www.bibliotheek.nl">site</a> <a href="mailto:a@b.nl">mail</a></p>'
    post_edit(as_user(cast["writer"]), contribution, edit_data(contribution, context=html))
    contribution.refresh_from_db()
    assert 'href="https://www.bibliotheek.nl"' in contribution.context
    assert 'href="mailto:a@b.nl"' in contribution.context


def test_invalid_form_keeps_everything_typed(as_user, cast, contribution):
    data = edit_data(
        contribution,
        **{
            "actions-2-activity": "",
            "actions-2-result": "Resultaat zonder activiteit",
            "actions-2-lead": "partner:KB",
            "actions-TOTAL_FORMS": "3",
        },
    )
    response = post_edit(as_user(cast["writer"]), contribution, data)
    assert response.status_code == 200
    html = response.content.decode()
    # The error is in the summary (linked to the field) and next to the field.
    assert 'href="#id_actions-2-activity"' in html
    assert (
        html.count("Describe the activity, or remove this row.") == 2
        or html.count("Beschrijf de activiteit") == 2
    )
    assert "data-error-summary" in html
    # Nothing typed is lost: every aspect and every row comes back.
    for text in [
        "Context met",
        "Bibliotheken doen mee",
        "Leesclubs starten",
        "Campagne",
        "Resultaat zonder activiteit",
        "Eerste versie",
    ]:
        assert text in html
    assert 'value="partner:KB" selected' in html
    contribution.refresh_from_db()
    assert contribution.revision == 0
    assert not contribution.history.exists()


def test_error_count_is_in_the_page_title(as_user, cast, contribution):
    data = edit_data(contribution, **{"actions-0-activity": "", "actions-1-activity": ""})
    html = post_edit(as_user(cast["writer"]), contribution, data).content.decode()
    title = html[html.index("<title>") : html.index("</title>")]
    assert "(2)" in title


def test_add_action_without_javascript_adds_a_row_and_saves_nothing(as_user, cast, contribution):
    data = edit_data(contribution, add_action="1")
    response = post_edit(as_user(cast["writer"]), contribution, data)
    assert response.status_code == 200
    assert 'name="actions-2-activity"' in response.content.decode()
    assert 'name="actions-TOTAL_FORMS" value="3"' in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.revision == 0


def test_removed_and_empty_rows_are_not_stored(as_user, cast, contribution):
    data = edit_data(
        contribution,
        **{"actions-0-DELETE": "on", "actions-TOTAL_FORMS": "3", "actions-2-activity": ""},
    )
    post_edit(as_user(cast["writer"]), contribution, data)
    contribution.refresh_from_db()
    assert [a["activity"] for a in contribution.actions] == ["Campagne"]


def test_incomplete_draft_can_be_saved(as_user, cast, contribution):
    data = {
        "base_revision": "0",
        "context": "<p>Alleen de context</p>",
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
    }
    assert post_edit(as_user(cast["writer"]), contribution, data).status_code == 302
    contribution.refresh_from_db()
    assert contribution.context == "<p>Alleen de context</p>"
    assert contribution.ambition == ""


def test_save_on_a_stale_revision_is_refused_and_keeps_the_text(as_user, cast, contribution):
    client = as_user(cast["writer"])
    post_edit(client, contribution, edit_data(contribution))
    stale = edit_data(contribution, context="<p>Mijn oudere tekst</p>")  # base revision 0
    response = post_edit(client, contribution, stale)
    assert response.status_code == 200
    assert "Mijn oudere tekst" in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.revision == 1
    assert contribution.history.count() == 1


def test_service_refuses_writer_of_another_team(cast, contribution):
    from tests import factories

    other_writer = factories.team_user("writer", number=2)
    with pytest.raises(AgendaError, match=r"Alleen de schrijvers van .* bewerken deze tekst"):
        contribution_save(
            contribution=contribution,
            user=other_writer,
            content=ContributionContent(context="<p>x</p>"),
            base_revision=0,
        )


def test_writer_cannot_edit_a_submitted_contribution(cast, contribution):
    # The writer holds the write right and the current revision: only the state refuses.
    assert has_team_perm(cast["writer"], contribution.team, TeamPerm.WRITE)
    Contribution.objects.filter(pk=contribution.pk).update(state=Contribution.State.SUBMITTED)
    with pytest.raises(AgendaError, match="alleen een concept kan worden bewerkt"):
        contribution_save(
            contribution=contribution,
            user=cast["writer"],
            content=ContributionContent(context="<p>x</p>"),
            base_revision=contribution.revision,
        )
    contribution.refresh_from_db()
    assert contribution.context == "" and not contribution.history.exists()


def test_service_conflict_carries_the_current_version(cast, contribution):
    contribution_save(
        contribution=contribution,
        user=cast["writer"],
        content=ContributionContent(context="<p>eerst</p>"),
        base_revision=0,
    )
    with pytest.raises(RevisionConflict) as raised:
        contribution_save(
            contribution=contribution,
            user=cast["writer"],
            content=ContributionContent(context="<p>later</p>"),
            base_revision=0,
        )
    assert raised.value.current.context == "<p>eerst</p>"


def test_edit_page_renders_the_editor_with_a_csp_nonce(as_user, cast, contribution):
    response = as_user(cast["writer"]).get(
        reverse("agenda:contribution_edit", args=[contribution.pk])
    )
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert "data-django-prose-editor-portal" in html
    assert "unsafe-inline" not in policy
    assert " style=" not in html
    assert " onclick=" not in html


class _Elements(HTMLParser):
    """The elements of a page that have an id: their tag, attributes and text, and for a
    select the values of its selected options."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr"}

    def __init__(self, html):
        super().__init__()
        self.by_id, self._open = {}, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": "", "selected": []}
        if "id" in element["attrs"]:
            self.by_id[element["attrs"]["id"]] = element
        if tag == "option" and "selected" in element["attrs"]:
            select = next(e for e in reversed(self._open) if e["tag"] == "select")
            select["selected"].append(element["attrs"]["value"])
        if tag not in self.VOID:
            self._open.append(element)

    def handle_endtag(self, tag):
        while self._open and self._open.pop()["tag"] != tag:
            pass

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data


def test_markup_typed_in_an_action_row_comes_back_as_text(as_user, cast, contribution):
    activity = '"><script>alert(1)</script> & co'
    result = "</textarea><script>alert(2)</script>"
    rows = [
        {"activity": activity, "lead": "partner:VNG", "quarters": ["Q2"], "result": result},
        {"activity": "Campagne", "lead": "provision:BIB", "quarters": [], "result": ""},
    ]
    contribution_save(
        contribution=contribution,
        user=cast["writer"],
        content=ContributionContent(actions=rows),
        base_revision=contribution.revision,
    )
    html = (
        as_user(cast["writer"])
        .get(reverse("agenda:contribution_edit", args=[contribution.pk]))
        .content.decode()
    )
    assert "<script>alert" not in html
    page = _Elements(html)
    assert page.by_id["id_actions-0-activity"]["attrs"]["value"] == activity
    assert page.by_id["id_actions-0-result"]["text"] == "\n" + result
    # Every row shows its own lead and quarters; the empty row for new actions none.
    assert page.by_id["id_actions-0-lead"]["selected"] == ["partner:VNG"]
    assert page.by_id["id_actions-1-lead"]["selected"] == ["provision:BIB"]
    assert page.by_id["id_actions-__prefix__-lead"]["selected"] == [""]
    assert "checked" in page.by_id["id_actions-0-quarters_1"]["attrs"]
    assert "checked" not in page.by_id["id_actions-1-quarters_1"]["attrs"]


def test_invalid_action_row_links_its_error_to_the_field(as_user, cast, contribution):
    data = edit_data(contribution, **{"actions-1-activity": ""})
    html = post_edit(as_user(cast["writer"]), contribution, data).content.decode()
    page = _Elements(html)
    invalid = page.by_id["id_actions-1-activity"]["attrs"]
    assert invalid["aria-invalid"] == "true"
    error = page.by_id[invalid["aria-describedby"]]
    assert error["text"] in {
        "Error: Describe the activity, or remove this row.",
        "Fout: Beschrijf de activiteit, of verwijder deze actie.",
    }
    field = page.by_id["field-id_actions-1-activity"]["attrs"]
    assert "utrecht-form-field--invalid" in field["class"]
    # The row without an error is not marked, and its text is kept.
    valid = page.by_id["id_actions-0-activity"]["attrs"]
    assert "aria-invalid" not in valid
    assert "aria-describedby" not in valid
    assert valid["value"] == "Leesclubs starten"
