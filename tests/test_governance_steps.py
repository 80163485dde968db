"""Governance as steps on the agenda version page: the establishment rule (every
constituency responded, or "no response" recorded), structured verdicts, superseded
versions, the way back after a rejection and past-tense step messages."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from agenda.governance.compiling import agenda_compile
from agenda.governance.machine import establish_refusal
from agenda.governance.services import (
    agenda_step,
    partner_decision_record,
    partner_no_response_record,
    partner_response_record,
)
from agenda.models import AgendaVersion, Edition, PartnerResponse
from agenda.pdf.html import version_html
from agenda.services import AgendaError
from partners.models import Partner
from teams.models import Team
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything
from tests.catalogue import dutch as nl

State = AgendaVersion.State
Verdict = PartnerResponse.Verdict
CODES = ["OCW", "IPO", "VNG", "VOB", "SPN", "KB"]


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


@pytest.fixture
def reps(db):
    return {code: factories.partner_rep(code, username=code.lower()) for code in CODES}


def walk(version, coordinator, *steps):
    for step in steps:
        version = agenda_step(version=version, user=coordinator, step=step)
    return version


@pytest.fixture
def consulting(coordinator):
    """A complete version in consultation."""
    approve_everything(coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    return walk(version, coordinator, "to_feedback", "to_definitive", "to_consultation")


def respond(version, reps, code, verdict=Verdict.AGREE, text=""):
    return partner_response_record(
        version=version,
        user=reps[code],
        partner=Partner.objects.get(code=code),
        verdict=verdict,
        text=text,
    )


def page(client, version):
    return client.get(reverse("agenda:agenda_version", args=[version.pk])).content.decode()


def step_buttons(html):
    return re.findall(r'action="/agenda/\d+/stap/([a-z_]+)/"', html)


# The establishment needs every constituency.


def test_establish_is_refused_naming_the_partners_without_a_response(consulting, coordinator, reps):
    respond(consulting, reps, "OCW")
    respond(consulting, reps, "VOB", Verdict.OBJECTION, "Te weinig over de POI's.")
    with pytest.raises(AgendaError) as refused:
        agenda_step(version=consulting, user=coordinator, step="establish")
    assert "IPO, VNG, SPN, KB" in str(refused.value)
    assert "OCW" not in str(refused.value)
    consulting.refresh_from_db()
    assert consulting.state == State.CONSULTATION


def test_the_page_shows_the_refusal_instead_of_the_button(as_user, consulting, coordinator, reps):
    respond(consulting, reps, "OCW")
    html = page(as_user(coordinator), consulting)
    assert "establish" not in step_buttons(html)
    assert establish_refusal(consulting) in html.replace("&#x27;", "'")
    assert "IPO, VNG, VOB, SPN, KB" in html


def test_establish_is_allowed_when_every_constituency_responded(consulting, coordinator, reps):
    for code, verdict in zip(CODES, [Verdict.AGREE, Verdict.AGREE_WITH_REMARKS] * 3, strict=True):
        respond(consulting, reps, code, verdict, "Met een opmerking.")
    assert establish_refusal(consulting) is None
    version = agenda_step(version=consulting, user=coordinator, step="establish")
    assert version.state == State.ESTABLISHED


def test_a_recorded_no_response_counts_for_the_establishment(
    as_user, consulting, coordinator, reps
):
    for code in ["OCW", "IPO", "VOB", "SPN", "KB"]:
        respond(consulting, reps, code)
    response = as_user(coordinator).post(
        reverse("agenda:partner_no_response", args=[consulting.pk]),
        {"geen-reactie-partner": "VNG", "geen-reactie-reason": "Geen ALV voor de deadline."},
    )
    assert response.status_code == 302
    recorded = consulting.responses.get(partner__code="VNG")
    assert recorded.verdict == Verdict.NO_RESPONSE
    assert recorded.text == "Geen ALV voor de deadline."
    assert recorded.recorded_by == coordinator
    html = page(as_user(coordinator), consulting)
    assert "establish" in step_buttons(html)
    assert agenda_step(version=consulting, user=coordinator, step="establish").state == (
        State.ESTABLISHED
    )


def test_only_coordinators_record_no_response(as_user, consulting, reps):
    vng = Partner.objects.get(code="VNG")
    with pytest.raises(AgendaError):
        partner_no_response_record(
            version=consulting, user=reps["VNG"], partner=vng, reason="Geen tijd."
        )
    response = as_user(reps["VNG"]).post(
        reverse("agenda:partner_no_response", args=[consulting.pk]),
        {"geen-reactie-partner": "VNG", "geen-reactie-reason": "Geen tijd."},
    )
    assert response.status_code == 403
    assert not consulting.responses.exists()


def test_no_response_never_overwrites_a_response_and_a_response_replaces_it(
    consulting, coordinator, reps
):
    ocw, ipo = Partner.objects.get(code="OCW"), Partner.objects.get(code="IPO")
    respond(consulting, reps, "OCW", Verdict.AGREE)
    with pytest.raises(AgendaError, match="OCW"):
        partner_no_response_record(
            version=consulting, user=coordinator, partner=ocw, reason="Te laat."
        )
    partner_no_response_record(version=consulting, user=coordinator, partner=ipo, reason="Stil.")
    respond(consulting, reps, "IPO", Verdict.OBJECTION, "Toch bezwaar.")
    assert consulting.responses.get(partner=ipo).verdict == Verdict.OBJECTION


def test_the_no_response_form_needs_a_reason_and_shows_an_error_summary(
    as_user, consulting, coordinator
):
    response = as_user(coordinator).post(
        reverse("agenda:partner_no_response", args=[consulting.pk]),
        {"geen-reactie-partner": "VNG", "geen-reactie-reason": " "},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_geen-reactie-reason"' in html
    assert not consulting.responses.exists()


# Structured verdicts.


def test_a_representative_records_a_verdict_with_text(as_user, consulting, reps):
    client = as_user(reps["VOB"])
    response = client.post(
        reverse("agenda:partner_response", args=[consulting.pk, "VOB"]),
        {"VOB-verdict": "objection", "VOB-text": "De lokale rol ontbreekt."},
    )
    assert response.status_code == 302
    recorded = consulting.responses.get(partner__code="VOB")
    assert (recorded.verdict, recorded.text) == (Verdict.OBJECTION, "De lokale rol ontbreekt.")
    html = page(client, consulting)
    assert "portal-tag--objection" in html and "De lokale rol ontbreekt." in html


def test_remarks_and_objections_need_text_but_agreement_does_not(as_user, consulting, reps):
    client = as_user(reps["KB"])
    url = reverse("agenda:partner_response", args=[consulting.pk, "KB"])
    response = client.post(url, {"KB-verdict": "agree_with_remarks", "KB-text": ""})
    assert response.status_code == 200 and 'href="#id_KB-text"' in response.content.decode()
    assert not consulting.responses.exists()
    assert client.post(url, {"KB-verdict": "agree", "KB-text": ""}).status_code == 302
    assert consulting.responses.get().verdict == Verdict.AGREE


def test_the_colophon_quotes_the_responses_with_their_verdict(consulting, coordinator, reps):
    respond(consulting, reps, "SPN", Verdict.AGREE_WITH_REMARKS, "Noem de POI's bij naam.")
    partner_no_response_record(
        version=consulting,
        user=coordinator,
        partner=Partner.objects.get(code="VNG"),
        reason="Geen vergadering.",
    )
    html = version_html(consulting)
    colophon = html[html.index('id="colofon"') : html.index('class="toc"')]
    with translation.override("nl"):
        assert str(Verdict.AGREE_WITH_REMARKS.label) in colophon
        assert str(Verdict.NO_RESPONSE.label) in colophon
    assert "Noem de POI&#x27;s bij naam." in colophon and "Geen vergadering." in colophon


# Process steps.


def test_the_page_shows_the_seven_steps_with_the_current_one_marked(
    as_user, consulting, coordinator, reps
):
    respond(consulting, reps, "OCW")
    respond(consulting, reps, "KB")
    html = page(as_user(reps["OCW"]), consulting)
    assert html.count("portal-process-steps__step ") == 7
    assert html.count('aria-current="step"') == 1
    current = html[html.index('aria-current="step"') :]
    with translation.override("nl"):
        assert str(State.CONSULTATION.label) in current[:600]
    assert html.count("portal-process-steps__step--done") == 3
    assert html.count("portal-process-steps__date") == 4  # three done and the current one
    assert "OCW, KB; " in html and "IPO, VNG, VOB, SPN." in html
    assert step_buttons(html) == []  # others see who acts, not the button


def test_the_decision_step_names_which_boards_decided(as_user, consulting, coordinator, reps):
    for code in CODES:
        respond(consulting, reps, code)
    version = walk(consulting, coordinator, "establish", "to_decision")
    partner_decision_record(
        version=version,
        user=reps["SPN"],
        partner=Partner.objects.get(code="SPN"),
        decision="approve",
        note="",
    )
    html = page(as_user(coordinator), version)
    current = html[html.index('aria-current="step"') : html.index('id="pdf-heading"')]
    assert "<strong>SPN</strong>: " + nl("Approve") in current
    assert "<strong>VOB</strong>: " + nl("no decision yet") in current
    # Ratifying waits for the other boards: the page says so instead of offering it.
    assert step_buttons(html) == []
    assert "nog te wachten op: VOB, KB" in current
    for code in ["VOB", "KB"]:
        partner_decision_record(
            version=version,
            user=reps[code],
            partner=Partner.objects.get(code=code),
            decision="approve",
            note="",
        )
    assert step_buttons(page(as_user(coordinator), version)) == ["ratify"]


def test_a_definitive_concept_with_placeholders_is_refused_on_the_page(as_user, coordinator):
    approve_chapter(1, coordinator)
    version = walk(
        agenda_compile(edition=Edition.objects.current(), user=coordinator),
        coordinator,
        "to_feedback",
    )
    html = page(as_user(coordinator), version)
    assert step_buttons(html) == []
    assert "alle twaalf hoofdstukken" in html


def test_a_superseded_version_offers_no_step(as_user, coordinator):
    approve_chapter(1, coordinator)
    older = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    approve_chapter(2, coordinator)
    newer = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    html = page(as_user(coordinator), older)
    assert step_buttons(html) == []
    assert "nieuwere versie" in html
    assert step_buttons(page(as_user(coordinator), newer)) == ["to_feedback"]
    with pytest.raises(AgendaError, match="nieuwste versie"), translation.override("nl"):
        agenda_step(version=older, user=coordinator, step="to_feedback")


def test_a_step_message_is_in_the_past_tense(as_user, coordinator):
    approve_chapter(1, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    response = as_user(coordinator).post(
        reverse("agenda:governance_step", args=[version.pk, "to_feedback"]), follow=True
    )
    assert nl("Opened for feedback.") in response.content.decode()
    assert version.history.latest().history_change_reason == nl("Opened for feedback.")
    assert nl("Done: %(step)s.", step="") not in response.content.decode()


# The way back after a rejection.


def reject(version, reps, code, note, teams=()):
    return partner_decision_record(
        version=version,
        user=reps[code],
        partner=Partner.objects.get(code=code),
        decision="reject",
        note=note,
        teams=teams,
    )


@pytest.fixture
def deciding(consulting, coordinator, reps):
    for code in CODES:
        respond(consulting, reps, code)
    return walk(consulting, coordinator, "establish", "to_decision")


def test_after_a_rejection_the_coordinator_sees_the_way_back_with_chapter_links(
    as_user, deciding, coordinator, reps
):
    team = Team.objects.get(number=3)
    reject(deciding, reps, "VOB", "Hoofdstuk 3 mist de lokale bibliotheek.", [team])
    deciding.refresh_from_db()
    assert deciding.state == State.DEFINITIVE_CONCEPT
    html = page(as_user(coordinator), deciding)
    way_back = html[html.index("portal-way-back") : html.index('id="pdf-heading"')]
    contribution = factories.contribution(3)
    assert reverse("agenda:contribution", args=[contribution.pk]) in way_back
    assert reverse("agenda:agenda_compile") in way_back
    assert "0.2" in way_back
    assert reverse("agenda:contribution", args=[factories.contribution(4).pk]) not in way_back


def test_a_rejection_without_chapters_is_quoted_in_the_way_back(
    as_user, deciding, coordinator, reps
):
    reject(deciding, reps, "KB", "De collectieparagraaf is onduidelijk.")
    html = page(as_user(coordinator), deciding)
    way_back = html[html.index("portal-way-back") : html.index('id="pdf-heading"')]
    assert "<blockquote" in way_back and "De collectieparagraaf is onduidelijk." in way_back
    assert reverse("agenda:agenda_compile") in way_back


def test_partners_see_the_rejection_but_not_the_coordinators_way_back(as_user, deciding, reps):
    reject(deciding, reps, "KB", "De collectieparagraaf is onduidelijk.")
    html = page(as_user(reps["OCW"]), deciding)
    assert "De collectieparagraaf is onduidelijk." in html
    assert "portal-way-back" not in html


# Superseded versions.


def test_a_superseded_version_is_marked_for_participants(as_user, coordinator):
    approve_chapter(1, coordinator)
    old = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    html = page(as_user(coordinator), old)
    assert "portal-tag--superseded" not in html
    approve_chapter(2, coordinator)
    new = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    client = as_user(coordinator)
    assert "portal-tag--superseded" in page(client, old)
    assert "portal-tag--superseded" not in page(client, new)
    listing = client.get(reverse("agenda:agenda_versions")).content.decode()
    assert listing.count("portal-tag--superseded") == 1


def test_during_feedback_a_read_along_is_offered_feedback_on_every_chapter_with_a_text(
    as_user, coordinator
):
    read_along = factories.read_along()  # a read-along of team 1
    approve_chapter(1, coordinator)
    approve_chapter(3, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)

    def feedback_links(html):
        return re.findall(rf"/agenda/{version.pk}/hoofdstukken/(\d+)/feedback/", html)

    assert feedback_links(page(as_user(read_along), version)) == []  # rough: not yet
    version = walk(version, coordinator, "to_feedback")
    assert feedback_links(page(as_user(read_along), version)) == ["1", "3"]  # not placeholders
