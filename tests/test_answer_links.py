"""Answers without an account: a coordinator or a partner's representative invites a
person by name and e-mail; the personal link records that one answer, counts for the
governance step as a representative's does, and every link that does not work answers
alike (same page, same status), throttled per client address."""

import hashlib
import logging
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from agenda.governance.compiling import agenda_compile
from agenda.governance.invitations import answer_invitation_withdraw, answer_invite
from agenda.governance.services import (
    agenda_step,
    partner_decision_record,
    partner_no_response_record,
    partner_response_record,
)
from agenda.models import AgendaVersion, AnswerInvitation, Edition, PartnerResponse
from agenda.pdf.html import version_html
from agenda.review.services import take_review_step
from agenda.services import AgendaError
from infra.logs import MaskSecretPaths
from partners.models import Partner
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything
from tests.catalogue import dutch as nl

State = AgendaVersion.State
Verdict = PartnerResponse.Verdict
CODES = ["OCW", "IPO", "VNG", "VOB", "SPN", "KB"]
REFUSAL = "Deze link werkt niet (meer)"


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla", email="carla@netwerk.test")


@pytest.fixture
def reps(db):
    return {
        code: factories.partner_rep(code, username=code.lower(), email=f"{code.lower()}@rep.test")
        for code in CODES
    }


def walk(version, coordinator, *steps):
    for step in steps:
        version = agenda_step(version=version, user=coordinator, step=step)
    return version


@pytest.fixture
def consulting(coordinator):
    approve_everything(coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    return walk(version, coordinator, "to_feedback", "to_definitive", "to_consultation")


def partner(code):
    return Partner.objects.get(code=code)


def invite(version, user, code="VNG", name="Sanne Secretaris", email="sanne@vng.test"):
    """An invitation and its token, as the e-mail carries it."""
    mail.outbox.clear()
    invitation = answer_invite(
        version=version, user=user, partner=partner(code), name=name, email=email
    )
    (sent,) = mail.outbox
    token = re.search(r"/antwoord/([A-Za-z0-9_-]+)/", sent.body).group(1)
    return invitation, token


def link(token):
    return reverse("agenda:answer_link", args=[token])


# Inviting.


def test_the_invitation_is_mailed_and_only_its_hash_is_stored(consulting, coordinator):
    invitation, token = invite(consulting, coordinator)
    assert invitation.kind == AnswerInvitation.Kind.RESPONSE
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 43  # 32 random bytes
    assert not AnswerInvitation.objects.filter(token_hash=token).exists()
    assert mail.outbox[0].to == ["sanne@vng.test"]
    assert invitation.valid_until - invitation.created_at == timedelta(days=14)
    # The token is in no queued task either: the mail is sent, not enqueued.
    from django_tasks_db.models import DBTaskResult

    assert not [r for r in DBTaskResult.objects.all() if token in str(r.args_kwargs)]


def test_answer_link_days_is_read_from_the_settings(consulting, coordinator, settings):
    settings.ANSWER_LINK_DAYS = 3
    invitation, _token = invite(consulting, coordinator)
    assert invitation.valid_until - invitation.created_at == timedelta(days=3)


def test_a_representative_invites_only_for_their_own_partner(consulting, reps):
    invite(consulting, reps["VNG"], "VNG")
    with pytest.raises(AgendaError):
        answer_invite(
            version=consulting, user=reps["VNG"], partner=partner("IPO"), name="X", email="x@x.nl"
        )


def test_decisions_are_invited_only_for_the_boards_while_they_decide(consulting, coordinator):
    for code in CODES:
        partner_no_response_record(
            version=consulting, user=coordinator, partner=partner(code), reason="Geen overleg."
        )
    deciding = walk(consulting, coordinator, "establish", "to_decision")
    invitation, _token = invite(deciding, coordinator, "KB")
    assert invitation.kind == AnswerInvitation.Kind.DECISION
    with pytest.raises(AgendaError):
        answer_invite(
            version=deciding, user=coordinator, partner=partner("VNG"), name="X", email="x@x.nl"
        )


def test_nobody_is_invited_outside_consultation_and_decision(coordinator):
    approve_chapter(1, coordinator)
    rough = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    with pytest.raises(AgendaError):
        answer_invite(
            version=rough, user=coordinator, partner=partner("VNG"), name="X", email="x@x.nl"
        )


def test_the_version_page_invites_and_lists_the_invitations(as_user, consulting, coordinator):
    client = as_user(coordinator)
    url = reverse("agenda:answer_invite", args=[consulting.pk])
    response = client.post(
        url,
        {
            "uitnodiging-partner": "VNG",
            "uitnodiging-name": "Sanne Secretaris",
            "uitnodiging-email": "sanne@vng.test",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("agenda:agenda_version", args=[consulting.pk])).content.decode()
    assert "Sanne Secretaris (sanne@vng.test)" in html
    invitation = AnswerInvitation.objects.get()
    assert reverse("agenda:answer_invitation_withdraw", args=[consulting.pk, invitation.pk]) in html


def test_an_invalid_invitation_keeps_what_was_typed_with_a_summary(
    as_user, consulting, coordinator
):
    response = as_user(coordinator).post(
        reverse("agenda:answer_invite", args=[consulting.pk]),
        {"uitnodiging-partner": "VNG", "uitnodiging-name": "Sanne", "uitnodiging-email": "sanne"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Sanne"' in html and 'value="sanne"' in html
    assert 'href="#id_uitnodiging-email"' in html  # the error summary links to the field
    assert not AnswerInvitation.objects.exists()


def test_withdrawing_asks_first_and_then_stops_the_link(as_user, client, consulting, coordinator):
    invitation, token = invite(consulting, coordinator)
    url = reverse("agenda:answer_invitation_withdraw", args=[consulting.pk, invitation.pk])
    browser = as_user(coordinator)
    assert browser.get(url).status_code == 200  # the confirmation page
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None
    assert browser.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    client.logout()
    assert client.get(link(token)).status_code == 404


# The page behind the link.


def test_the_link_shows_the_version_the_question_and_the_form(client, consulting, coordinator):
    _invitation, token = invite(consulting, coordinator)
    response = client.get(link(token))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert 'name="verdict"' in html and 'name="text"' in html
    assert reverse("agenda:answer_link_pdf", args=[token]) in html or "wordt gemaakt" in html
    assert "12. " in html  # the contents: every chapter
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "sessionid" not in response.cookies


def test_the_header_offers_the_other_language_as_a_link_not_a_post(client, consulting, coordinator):
    """A POST from a page without a referrer fails the origin check: the link's page
    switches language with ``?taal=``, its used-up and refused pages offer no switch."""
    set_language = f'action="{reverse("set_language")}"'
    _invitation, token = invite(consulting, coordinator)
    html = client.get(link(token)).content.decode()
    assert set_language not in html
    assert 'href="?taal=en" hreflang="en" lang="en" data-language-link' in html
    english = client.get(link(token) + "?taal=en").content.decode()
    assert '<html lang="en"' in english and "Response of VNG" in english
    assert 'href="?taal=nl"' in english
    client.post(link(token), {"verdict": Verdict.AGREE})
    for page in (client.get(link(token)), client.get(link("niet-een-token"))):
        html = page.content.decode()
        assert set_language not in html and "data-language-link" not in html


def test_an_answer_through_the_link_is_recorded_with_its_wording(client, consulting, coordinator):
    _invitation, token = invite(consulting, coordinator)
    response = client.post(
        link(token), {"verdict": Verdict.AGREE_WITH_REMARKS, "text": "Let op de kleine gemeenten."}
    )
    assert response.status_code == 302 and response["Location"] == link(token)
    assert "sessionid" not in response.cookies
    recorded = consulting.responses.get(partner__code="VNG")
    assert recorded.verdict == Verdict.AGREE_WITH_REMARKS
    assert recorded.recorded_by is None
    wording = nl(
        "recorded on behalf of %(partner)s by %(name)s (%(email)s) via a personal link",
        partner="VNG",
        name="Sanne Secretaris",
        email="sanne@vng.test",
    )
    with translation.override("nl"):
        assert recorded.recorder == wording
    # The version's history (and so the colophon) quotes it the same way.
    reason = consulting.history.order_by("-history_date").first().history_change_reason
    assert reason.endswith(f"({wording})")


def test_the_page_and_the_colophon_quote_the_record(as_user, client, consulting, coordinator):
    _invitation, token = invite(consulting, coordinator)
    client.post(link(token), {"verdict": Verdict.AGREE})
    with translation.override("nl"):
        wording = consulting.responses.get().recorder
        page = as_user(coordinator).get(reverse("agenda:agenda_version", args=[consulting.pk]))
        colophon = version_html(AgendaVersion.objects.get(pk=consulting.pk))
    # "namens VNG vastgelegd door Sanne Secretaris (sanne@vng.test) via een persoonlijke link"
    assert wording == nl(
        "recorded on behalf of %(partner)s by %(name)s (%(email)s) via a personal link",
        partner="VNG",
        name="Sanne Secretaris",
        email="sanne@vng.test",
    )
    assert wording in page.content.decode()
    assert wording in colophon


def test_after_the_answer_the_link_shows_it_read_only(client, consulting, coordinator):
    _invitation, token = invite(consulting, coordinator)
    client.post(link(token), {"verdict": Verdict.OBJECTION, "text": "Te weinig over dorpen."})
    response = client.get(link(token))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Te weinig over dorpen." in html
    assert '<form method="post" class="portal-form"' not in html
    assert "no-store" in response["Cache-Control"]
    # Answering again is refused like any other dead link, and changes nothing.
    again = client.post(link(token), {"verdict": Verdict.AGREE})
    assert again.status_code == 404 and REFUSAL in again.content.decode()
    assert consulting.responses.get().verdict == Verdict.OBJECTION


def test_an_invalid_answer_keeps_what_was_typed(client, consulting, coordinator):
    _invitation, token = invite(consulting, coordinator)
    response = client.post(link(token), {"verdict": Verdict.OBJECTION, "text": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'value="objection" checked'
        in html.replace('" id', '"').replace('checked="checked"', "checked")
        or "checked" in html
    )
    assert 'href="#id_text"' in html
    assert not consulting.responses.exists()


# The step counts it, and who is told.


def test_an_answer_through_a_link_counts_for_the_establishment(
    client, consulting, coordinator, reps
):
    for code in ["OCW", "IPO", "VOB", "SPN", "KB"]:
        partner_response_record(
            version=consulting,
            user=reps[code],
            partner=partner(code),
            verdict=Verdict.AGREE,
            text="",
        )
    with pytest.raises(AgendaError):
        agenda_step(version=consulting, user=coordinator, step="establish")
    _invitation, token = invite(consulting, coordinator)
    client.post(link(token), {"verdict": Verdict.AGREE_WITH_REMARKS, "text": "Prima."})
    assert agenda_step(version=consulting, user=coordinator, step="establish").state == (
        State.ESTABLISHED
    )


def test_a_decision_through_a_link_counts_for_the_ratification(
    client, consulting, coordinator, reps
):
    for code in CODES:
        partner_no_response_record(
            version=consulting, user=coordinator, partner=partner(code), reason="Geen overleg."
        )
    deciding = walk(consulting, coordinator, "establish", "to_decision")
    for code in ["VOB", "SPN"]:
        partner_decision_record(
            version=deciding, user=reps[code], partner=partner(code), decision="approve", note=""
        )
    _invitation, token = invite(deciding, reps["KB"], "KB", name="Bo Bestuur", email="bo@kb.test")
    assert 'name="decision"' in client.get(link(token)).content.decode()
    client.post(link(token), {"decision": "approve", "note": ""})
    decision = deciding.decisions.get(partner__code="KB")
    assert decision.invitation.name == "Bo Bestuur"
    assert agenda_step(version=deciding, user=coordinator, step="ratify").state == State.RATIFIED


def test_representatives_and_coordinators_are_told_of_an_answer_through_a_link(
    client, consulting, coordinator, reps, django_capture_on_commit_callbacks
):
    _invitation, token = invite(consulting, coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link(token), {"verdict": Verdict.AGREE})
    told = {address for message in mail.outbox for address in message.to}
    assert {"vng@rep.test", "carla@netwerk.test"} <= told
    assert "ocw@rep.test" not in told  # another partner's representative
    assert any("Sanne Secretaris" in message.body for message in mail.outbox)


def test_a_representative_who_answers_first_wins_and_the_invitee_is_told(
    client, consulting, coordinator, reps, django_capture_on_commit_callbacks
):
    _invitation, token = invite(consulting, coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        partner_response_record(
            version=consulting,
            user=reps["VNG"],
            partner=partner("VNG"),
            verdict=Verdict.AGREE,
            text="",
        )
    assert [message.to for message in mail.outbox] == [["sanne@vng.test"]]
    response = client.get(link(token))
    assert response.status_code == 404 and REFUSAL in response.content.decode()
    assert (
        client.post(link(token), {"verdict": Verdict.OBJECTION, "text": "Nee."}).status_code == 404
    )
    assert consulting.responses.get().recorded_by == reps["VNG"]


def test_a_representative_does_not_overwrite_an_answer_through_a_link(
    client, consulting, coordinator, reps
):
    _invitation, token = invite(consulting, coordinator)
    client.post(link(token), {"verdict": Verdict.AGREE})
    with pytest.raises(AgendaError, match="Sanne Secretaris"):
        partner_response_record(
            version=consulting,
            user=reps["VNG"],
            partner=partner("VNG"),
            verdict=Verdict.OBJECTION,
            text="Toch niet.",
        )


def test_a_recorded_no_response_does_not_stop_the_link(client, consulting, coordinator):
    _invitation, token = invite(consulting, coordinator)
    partner_no_response_record(
        version=consulting, user=coordinator, partner=partner("VNG"), reason="Geen ALV."
    )
    client.post(link(token), {"verdict": Verdict.AGREE})
    assert consulting.responses.get(partner__code="VNG").verdict == Verdict.AGREE


# Every link that does not work answers alike.


def _altered(version, coordinator, reps):
    _invitation, token = invite(version, coordinator)
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def _expired(version, coordinator, reps):
    invitation, token = invite(version, coordinator)
    AnswerInvitation.objects.filter(pk=invitation.pk).update(
        valid_until=timezone.now() - timedelta(seconds=1)
    )
    return token


def _withdrawn(version, coordinator, reps):
    invitation, token = invite(version, coordinator)
    answer_invitation_withdraw(invitation=invitation, user=coordinator)
    return token


def _used_then_posted(version, coordinator, reps):
    """A used link: posting again (its GET shows the answer)."""
    invitation, token = invite(version, coordinator)
    AnswerInvitation.objects.filter(pk=invitation.pk).update(used_at=timezone.now())
    return token


def _other_partners_answer(version, coordinator, reps):
    """A link for VNG, while VNG's representative answered (the other partner's answer
    is not this link's to give)."""
    _invitation, token = invite(version, coordinator)
    partner_response_record(
        version=version, user=reps["VNG"], partner=partner("VNG"), verdict=Verdict.AGREE, text=""
    )
    return token


def _other_version(version, coordinator, reps):
    """A link for an older version, still in consultation but replaced by a newer one."""
    _invitation, token = invite(version, coordinator)
    take_review_step(obj=factories.contribution(2), user=coordinator, step="reopen")
    approve_chapter(2, coordinator, text="<p>Een nieuwe tekst voor team 2.</p>")
    agenda_compile(edition=Edition.objects.current(), user=coordinator)
    return token


def _moved_on(version, coordinator, reps):
    _invitation, token = invite(version, coordinator)
    for code in CODES:
        partner_no_response_record(
            version=version, user=coordinator, partner=partner(code), reason="Geen overleg."
        )
    agenda_step(version=version, user=coordinator, step="establish")
    return token


def _moved_on_and_back(version, coordinator, reps):
    """A decision link of an earlier round: the version was rejected and is with the
    boards again."""
    for code in CODES:
        partner_no_response_record(
            version=version, user=coordinator, partner=partner(code), reason="Geen overleg."
        )
    deciding = walk(version, coordinator, "establish", "to_decision")
    _invitation, token = invite(deciding, coordinator, "KB")
    partner_decision_record(
        version=deciding, user=reps["VOB"], partner=partner("VOB"), decision="reject", note="Nee."
    )
    walk(deciding, coordinator, "to_consultation", "establish", "to_decision")
    return token


def _foreign(version, coordinator, reps):
    """Something that is not a link's token at all: a session key of this site."""
    invite(version, coordinator)
    return hashlib.sha256(b"session").hexdigest()


REFUSALS = {
    "altered": _altered,
    "expired": _expired,
    "withdrawn": _withdrawn,
    "used": _used_then_posted,
    "other partner answered": _other_partners_answer,
    "other version": _other_version,
    "moved on": _moved_on,
    "moved on and back": _moved_on_and_back,
    "superseded": _other_version,
    "foreign": _foreign,
}


def _body(response):
    """The page without what differs per request (the CSRF token)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.mark.parametrize("case", REFUSALS)
def test_every_dead_link_gets_the_same_page(client, consulting, coordinator, reps, case):
    token = REFUSALS[case](consulting, coordinator, reps)
    reference = client.get(link("not-a-token-at-all"))
    post = client.post(link(token), {"verdict": Verdict.AGREE})
    # A used link shows its answer to a GET (another test); every other dead link refuses it.
    answers = [post] if case == "used" else [client.get(link(token)), post]
    for response in answers:
        assert response.status_code == 404
        assert REFUSAL in response.content.decode()
        assert _body(response).replace(link(token), "") == _body(reference).replace(
            link("not-a-token-at-all"), ""
        )
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
        assert 'name="verdict"' not in response.content.decode()
    if case != "used":
        assert client.get(reverse("agenda:answer_link_pdf", args=[token])).status_code == 404


def test_a_link_records_only_its_own_partner(client, consulting, coordinator):
    """A link for IPO records IPO's response, whatever the form says."""
    _invitation, token = invite(consulting, coordinator, "IPO", email="ipo@ipo.test")
    client.post(link(token), {"verdict": Verdict.AGREE, "partner": "VNG", "code": "VNG"})
    assert list(consulting.responses.values_list("partner__code", flat=True)) == ["IPO"]


# Throttling, and nothing else reachable with the token.


def test_too_many_dead_links_from_one_address_are_refused_with_429(
    client, consulting, coordinator, settings
):
    settings.ANSWER_LINK_FAILURES = 3
    _invitation, token = invite(consulting, coordinator)
    for attempt in range(3):
        assert client.get(link(f"guess-{attempt}")).status_code == 404
    blocked = client.get(link(token))  # even the real link, for a while
    assert blocked.status_code == 429
    assert REFUSAL in blocked.content.decode()
    other = client.get(link(token), REMOTE_ADDR="192.0.2.9")  # another address is not
    assert other.status_code == 200


def test_the_token_opens_no_other_page(client, consulting, coordinator):
    _invitation, token = invite(consulting, coordinator)
    response = client.get(link(token))
    assert "sessionid" not in response.cookies
    for url in [
        reverse("agenda:agenda_version", args=[consulting.pk]) + f"?token={token}",
        reverse("agenda:agenda_version_read", args=[consulting.pk]) + f"?token={token}",
        reverse("agenda:agenda_pdf", args=[consulting.pk]) + f"?token={token}",
        reverse("agenda:partner_response", args=[consulting.pk, "VNG"]) + f"?token={token}",
    ]:
        other = client.get(url)
        assert other.status_code == 302 and other["Location"].startswith(reverse("login")), url
    assert (
        client.post(
            reverse("agenda:partner_response", args=[consulting.pk, "VNG"]),
            {"token": token, "verdict": Verdict.AGREE},
        ).status_code
        == 302
    )
    assert not consulting.responses.exists()
    assert "_auth_user_id" not in client.session


def test_the_token_never_reaches_a_log_line(caplog):
    token = "S3cr3t-t0ken_value"
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        (f"/antwoord/{token}/",),
        None,
    )
    MaskSecretPaths(prefixes=["/antwoord/"]).filter(record)
    assert token not in record.getMessage()
    assert "/antwoord/[masked]/" in record.getMessage()
    server_line = logging.LogRecord(
        "django.channels.server",
        logging.INFO,
        __file__,
        1,
        "HTTP %(method)s %(path)s %(status)s",
        ({"method": "GET", "path": f"/antwoord/{token}/pdf/", "status": 200},),
        None,
    )
    MaskSecretPaths(prefixes=["/antwoord/"]).filter(server_line)
    assert token not in server_line.getMessage()


def test_the_settings_mask_the_token_in_the_console_handler():
    from django.conf import settings

    assert "secret_paths" in settings.LOGGING["handlers"]["console"]["filters"]
    assert settings.LOGGING["filters"]["secret_paths"]["prefixes"] == ["/antwoord/"]
