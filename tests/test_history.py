"""Versions page, read-only old versions, compare, restore and the conflict page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.models import Contribution
from agenda.review.services import take_review_step
from agenda.services import ContributionContent, contribution_save
from tests.agenda_helpers import complete_content
from tests.test_contribution_edit import edit_data, post_edit


def save(contribution, user, note="", **content):
    return contribution_save(
        contribution=contribution,
        user=user,
        content=ContributionContent(**content),
        base_revision=Contribution.objects.get(pk=contribution.pk).revision,
        note=note,
    )


def test_versions_page_lists_saves_and_steps(as_user, cast, contribution):
    save(
        contribution,
        cast["writer"],
        "Eerste opzet",
        **complete_content(context="<p>Een</p>").__dict__,
    )
    take_review_step(obj=contribution, user=cast["writer"], step="submit")
    take_review_step(obj=contribution, user=cast["coordinator"], step="return", reason="Te kort")
    html = (
        as_user(cast["read_along"])
        .get(reverse("agenda:history", args=[contribution.pk]))
        .content.decode()
    )
    for text in [
        "Versie 3",
        "Eerste opzet",
        "Indienen",
        "Terugsturen naar het team",
        "Te kort",
        str(cast["coordinator"]),
    ]:
        assert text in html


def test_versions_page_is_paginated_with_constant_queries(
    as_user, cast, contribution, django_assert_max_num_queries
):
    for number in range(25):
        save(contribution, cast["writer"], f"Ronde {number}", context=f"<p>Tekst {number}</p>")
    client = as_user(cast["member"])
    url = reverse("agenda:history", args=[contribution.pk])
    with django_assert_max_num_queries(12):
        first = client.get(url).content.decode()
    assert "Ronde 24" in first and "Ronde 4" not in first
    assert "Ronde 4" in client.get(url + "?pagina=2").content.decode()


def test_versions_page_numbers_across_pages_and_reads_no_text(as_user, cast, contribution):
    for number in range(20):
        content = complete_content(context=f"<p>Tekst {number}</p>").__dict__
        save(contribution, cast["writer"], f"Ronde {number}", **content)
    take_review_step(obj=contribution, user=cast["writer"], step="submit")
    client = as_user(cast["member"])
    url = reverse("agenda:history", args=[contribution.pk])
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url).content.decode()
    history_sql = [q["sql"] for q in queries if "historicalcontribution" in q["sql"]]
    assert history_sql and not any('"context"' in sql for sql in history_sql)
    assert "Versie 21" in first and "Indienen" in first
    last = client.get(url + "?pagina=2").content.decode()
    assert "Versie 1<" in last and "Versie 21" not in last
    # The oldest record on page 1 follows one on page 2: a save, not a step.
    assert first.count("Opgeslagen") == 19


def test_old_version_is_shown_read_only(as_user, cast, contribution):
    save(contribution, cast["writer"], context="<p>Oude tekst</p>")
    save(contribution, cast["writer"], context="<p>Nieuwe tekst</p>")
    first = contribution.history.earliest()
    html = (
        as_user(cast["member"])
        .get(reverse("agenda:history_record", args=[contribution.pk, first.history_id]))
        .content.decode()
    )
    assert "Oude tekst" in html and "Nieuwe tekst" not in html
    assert "/terugzetten/" not in html  # members cannot restore


def test_versions_need_the_same_right_as_the_contribution(as_user, cast, contribution):
    save(contribution, cast["writer"], context="<p>x</p>")
    record = contribution.history.get()
    for name, args in [
        ("agenda:history", [contribution.pk]),
        ("agenda:history_record", [contribution.pk, record.history_id]),
        ("agenda:history_compare", [contribution.pk]),
    ]:
        assert as_user(cast["outsider"]).get(reverse(name, args=args)).status_code == 404
        assert as_user(cast["partner"]).get(reverse(name, args=args)).status_code == 404


def test_compare_shows_word_changes_per_aspect_and_table(as_user, cast, contribution):
    save(
        contribution,
        cast["writer"],
        context="<p>De bibliotheek is dichtbij.</p>",
        actions=[{"activity": "Leesclubs", "lead": "", "quarters": ["Q1"], "result": "Tien"}],
    )
    save(
        contribution,
        cast["writer"],
        context="<p>De bibliotheek is altijd dichtbij.</p>",
        actions=[
            {"activity": "Leesclubs", "lead": "", "quarters": ["Q1"], "result": "Twintig"},
            {"activity": "Campagne", "lead": "partner:VNG", "quarters": [], "result": ""},
        ],
    )
    html = (
        as_user(cast["member"])
        .get(reverse("agenda:history_compare", args=[contribution.pk]))
        .content.decode()
    )
    assert "toegevoegd: </span>altijd" in html
    assert "verwijderd: </span>Tien" in html and "toegevoegd: </span>Twintig" in html
    assert "portal-row--added" in html and "portal-row--changed" in html


def test_restore_makes_a_new_version_and_deletes_nothing(as_user, cast, contribution):
    save(contribution, cast["writer"], context="<p>Goede formulering</p>")
    save(contribution, cast["writer"], context="<p>Mislukte formulering</p>")
    first = contribution.history.earliest()
    client = as_user(cast["writer"])
    url = reverse("agenda:history_restore", args=[contribution.pk, first.history_id])
    assert "Versie 1 terugzetten?" in client.get(url).content.decode()  # asks first
    contribution.refresh_from_db()
    assert contribution.context == "<p>Mislukte formulering</p>"
    response = client.post(url, {"base_revision": 2, "reason": "Terug naar de afspraak"})
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.context == "<p>Goede formulering</p>"
    assert contribution.history.count() == 3
    assert "Terug naar de afspraak" in contribution.history.latest().history_change_reason


def test_restore_is_refused_to_members(as_user, cast, contribution):
    save(contribution, cast["writer"], context="<p>x</p>")
    record = contribution.history.get()
    url = reverse("agenda:history_restore", args=[contribution.pk, record.history_id])
    assert as_user(cast["member"]).post(url, {"base_revision": 1}).status_code == 403
    assert contribution.history.count() == 1


def test_conflict_page_shows_both_texts_and_loses_nothing(as_user, cast, contribution):
    from tests import factories

    other = factories.writer()
    save(contribution, other, context="<p>Tekst van de ander</p>")  # revision 1
    mine = edit_data(contribution, base_revision=0, context="<p>Mijn eigen tekst</p>")
    response = post_edit(as_user(cast["writer"]), contribution, mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tekst van de ander" in html and "Mijn eigen tekst" in html
    assert 'name="resolve_conflict"' in html and 'name="base_revision" value="1"' in html
    assert "Leesclubs starten" in html  # my action rows are kept too
    contribution.refresh_from_db()
    assert contribution.context == "<p>Tekst van de ander</p>"


def test_resolving_a_conflict_takes_choices_per_aspect(as_user, cast, contribution):
    from tests import factories

    other = factories.writer()
    save(
        contribution,
        other,
        context="<p>Context van de ander</p>",
        ambition="<p>Ambitie van de ander</p>",
    )
    data = edit_data(
        contribution,
        base_revision=1,
        resolve_conflict="1",
        context="<p>Mijn context</p>",
        ambition="<p>Mijn ambitie</p>",
        choice_context="mine",
        choice_ambition="current",
        choice_provision_BIB="mine",
        choice_provision_POI="mine",
        choice_provision_KB="mine",
        choice_programme_intro="mine",
        choice_actions="current",
    )
    assert post_edit(as_user(cast["writer"]), contribution, data).status_code == 302
    contribution.refresh_from_db()
    assert contribution.context == "<p>Mijn context</p>"
    assert contribution.ambition == "<p>Ambitie van de ander</p>"
    assert contribution.actions == []  # the other person's (empty) table was chosen
    assert contribution.history.count() == 2


def test_compare_from_one_version_starts_with_the_one_before(as_user, cast, contribution):
    for text in ["Een", "Twee", "Drie"]:
        save(contribution, cast["writer"], context=f"<p>{text}</p>")
    second = contribution.history.order_by("history_date")[1]
    url = reverse("agenda:history_compare", args=[contribution.pk]) + f"?naar={second.history_id}"
    html = as_user(cast["member"]).get(url).content.decode()
    assert "data-error-summary" not in html
    assert "verwijderd: </span>Een" in html and "toegevoegd: </span>Twee" in html


def test_revision_endpoint_tells_the_edit_page_about_other_saves(as_user, cast, contribution):
    url = reverse("agenda:contribution_revision", args=[contribution.pk])
    assert as_user(cast["writer"]).get(url).json()["revision"] == 0
    save(contribution, cast["writer"], context="<p>x</p>")
    data = as_user(cast["member"]).get(url).json()
    assert data["revision"] == 1 and data["updated_by"] == str(cast["writer"])
    assert as_user(cast["outsider"]).get(url).status_code == 404
