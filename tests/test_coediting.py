"""Live co-editing on the server: who may open a chapter's socket (the edit page's rule),
updates stored as they arrive, history records written from the live document with the
names of who edited, changes made elsewhere put into the live document, the idle save,
and a submit that ends the sessions."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pycrdt import (
    Doc,
    XmlElement,
    XmlFragment,
    XmlText,
    create_sync_message,
    create_update_message,
)

from agenda.coediting import consumer as consumers
from agenda.coediting import document as live
from agenda.coediting.document import updates_for_editor
from agenda.coediting.services import coediting_save, coediting_store, save_idle_drafts
from agenda.coediting.yhtml import fragment_to_html, html_to_fragment, seed_update
from agenda.models import CoeditingUpdate
from agenda.review.services import take_review_step
from agenda.services import AgendaError, ProposalInput, proposal_add, proposals_accept
from netwerkagenda.asgi import application
from teams.services import membership_remove
from tests import factories
from tests.agenda_helpers import fill
from tests.conftest import reseed_domain_facts

TEXT = "<p>De bibliotheek <strong>helpt</strong> mensen.</p><ul><li><p>Lezen</p></li></ul>"


def headers(user=None):
    cookies = []
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    return [(b"origin", b"http://localhost"), (b"cookie", "; ".join(cookies).encode())]


async def _open(pk, sent_headers):
    communicator = WebsocketCommunicator(application, f"/ws/bijdragen/{pk}", sent_headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


def first_answer(pk, user):
    """What the server sends first on the chapter's socket: the close code, or 'sync'."""

    sent = headers(user)

    async def run():
        communicator = await _open(pk, sent)
        message = await communicator.receive_output(timeout=5)
        await communicator.disconnect()
        if message["type"] == "websocket.close":
            return message.get("code")
        return "sync" if message["bytes"][0] == 0 else message

    return async_to_sync(run)()


@pytest.fixture(autouse=True)
def _committed(transactional_db):
    """The consumer reads in threads of its own: the data is committed, with the seed
    data that a flush removes."""
    reseed_domain_facts()


@pytest.fixture
def chapter(cast):
    return fill(factories.contribution(1), cast["writer"], context=TEXT)


@pytest.mark.parametrize("role", ["member", "read_along", "coordinator", "partner", "outsider"])
def test_only_writers_open_the_socket(cast, chapter, role):
    assert first_answer(chapter.pk, cast[role]) == live.CLOSE_REFUSED
    assert first_answer(chapter.pk, None) == live.CLOSE_REFUSED  # not logged in
    assert first_answer(chapter.pk, cast["writer"]) == "sync"


def test_a_chapter_that_is_no_concept_is_not_edited_live(cast, chapter):
    take_review_step(obj=chapter, user=cast["writer"], step="submit")
    assert first_answer(chapter.pk, cast["writer"]) == live.CLOSE_REFUSED


def test_an_update_is_stored_as_it_arrives_and_a_submit_ends_the_session(cast, chapter):
    """An update is stored with its author and passed on to the other editors of the
    chapter (not back to its sender); a submit ends every session."""
    second = factories.writer(username="tweede")
    sent, other = headers(cast["writer"]), headers(second)
    doc = document(chapter)
    before = doc.get_state()
    html_to_fragment("<p>Nieuw van de schrijver.</p>", doc.get("context", type=XmlFragment))
    update = create_update_message(doc.get_update(before))

    def stored_and_submit():
        stored = CoeditingUpdate.objects.filter(contribution=chapter, recorded=False).get()
        text = live.current_texts(chapter)["context"]
        take_review_step(obj=chapter, user=cast["writer"], step="submit")
        return stored.author, text

    async def run():
        communicator = await _open(chapter.pk, sent)
        await communicator.receive_output(timeout=5)  # the server's sync step 1
        await communicator.send_to(bytes_data=create_sync_message(Doc()))
        await communicator.receive_output(timeout=5)  # step 2: the document, to it alone
        colleague = await _open(chapter.pk, other)
        await colleague.receive_output(timeout=5)  # its own sync step 1
        await communicator.send_to(bytes_data=update)
        passed_on = await colleague.receive_output(timeout=5)
        assert await communicator.receive_nothing(timeout=0.5)  # not back to its sender
        author, text = await sync_to_async(stored_and_submit)()
        closed = [await c.receive_output(timeout=5) for c in (communicator, colleague)]
        return passed_on, author, text, closed

    passed_on, author, text, closed = async_to_sync(run)()
    assert passed_on["bytes"] == update
    assert author == cast["writer"]
    assert "Nieuw van de schrijver." in text
    assert closed == [{"type": "websocket.close", "code": live.CLOSE_ENDED}] * 2


def document(chapter) -> Doc:
    """The chapter's live document, as an editor that connects gets it."""
    doc = Doc()
    doc.apply_update(updates_for_editor(contribution=chapter))
    return doc


def add_live(chapter, user, html, name="context"):
    doc = document(chapter)
    before = doc.get_state()
    fragment = doc.get(name, type=XmlFragment)
    with doc.transaction():
        while len(fragment.children):
            del fragment.children[0]
    html_to_fragment(html, fragment)
    coediting_store(contribution=chapter, update=doc.get_update(before), user=user)


def test_a_version_from_the_live_document_names_who_edited(cast, chapter):
    second = factories.writer(username="tweede", first_name="Tessa", last_name="Tweede")
    add_live(chapter, cast["writer"], "<p>Eerste.</p>")
    add_live(chapter, second, "<p>Eerste. Tweede.</p>")
    records = chapter.history.count()
    saved = coediting_save(contribution=chapter, user=second)
    assert saved.context == "<p>Eerste. Tweede.</p>"
    assert chapter.history.count() == records + 1
    note = chapter.history.order_by("-history_id").first().history_change_reason
    assert str(cast["writer"]) in note and "Tessa Tweede" in note
    assert not CoeditingUpdate.objects.filter(contribution=chapter, recorded=False).exists()


def test_a_change_made_elsewhere_reaches_the_live_document(cast, chapter):
    updates_for_editor(contribution=chapter)  # someone opened the editor
    proposal = proposal_add(
        contribution=chapter,
        user=cast["read_along"],
        data=ProposalInput("context", "helpt", "replace", "steunt", "Beter."),
    )
    proposals_accept(contribution=chapter, user=cast["writer"], ids=[proposal.pk])
    assert "<strong>steunt</strong>" in live.htmls(document(chapter), ["context"])["context"]


def test_edits_left_alone_are_saved_after_the_quiet_minutes(cast, chapter):
    add_live(chapter, cast["writer"], "<p>Nog niet opgeslagen.</p>")
    assert save_idle_drafts() == 0  # just typed
    later = timezone.now() + timezone.timedelta(minutes=settings.COEDIT_IDLE_MINUTES + 1)
    assert save_idle_drafts(now=later) == 1
    chapter.refresh_from_db()
    assert chapter.context == "<p>Nog niet opgeslagen.</p>"
    note = chapter.history.order_by("-history_id").first().history_change_reason
    assert "Automatisch opgeslagen" in note
    assert save_idle_drafts(now=later) == 0
    call_command("save_idle_drafts")  # the timer's command runs


def test_html_goes_into_a_live_document_and_comes_back_the_same():
    html = (
        "<h3>Kop</h3><p>Een <strong>vette</strong> en <em>schuine</em> "
        '<a href="https://example.org" rel="noopener noreferrer nofollow">link</a>.</p>'
        "<ol><li><p>een</p></li><li><p>twee</p></li></ol>"
    )
    doc = Doc()
    doc.apply_update(seed_update({"context": html}))
    assert fragment_to_html(doc.get("context", type=XmlFragment)).startswith(
        "<h3>Kop</h3><p>Een <strong>vette</strong> en <em>schuine</em> <a href="
    )
    twice = Doc()  # two processes seeding at once make the same items: no doubled text
    twice.apply_update(seed_update({"context": html}))
    twice.apply_update(seed_update({"context": html}))
    assert fragment_to_html(twice.get("context", type=XmlFragment)).count("Kop") == 1


def test_recorded_updates_are_merged_and_the_document_stays_the_same(cast, chapter, monkeypatch):
    monkeypatch.setattr(live, "COMPACT_AFTER", 3)
    for words in ("Een.", "Een. Twee.", "Een. Twee. Drie.", "Een. Twee. Drie. Vier."):
        add_live(chapter, cast["writer"], f"<p>{words}</p>")
        coediting_save(contribution=chapter, user=cast["writer"])
    assert CoeditingUpdate.objects.filter(contribution=chapter).count() <= 3
    text = live.htmls(document(chapter), ["context"])["context"]
    assert text == "<p>Een. Twee. Drie. Vier.</p>"


def test_accepting_a_proposal_keeps_what_was_typed_live_elsewhere(cast, chapter):
    add_live(chapter, cast["writer"], "<p>Live getypt, nog niet opgeslagen.</p>", "ambition")
    proposal = proposal_add(
        contribution=chapter,
        user=cast["read_along"],
        data=ProposalInput("context", "helpt", "replace", "steunt", "Beter."),
    )
    proposals_accept(contribution=chapter, user=cast["writer"], ids=[proposal.pk])
    chapter.refresh_from_db()
    assert chapter.ambition == "<p>Live getypt, nog niet opgeslagen.</p>"  # recorded first
    texts = live.htmls(document(chapter), ["context", "ambition"])
    assert "Live getypt" in texts["ambition"] and "<strong>steunt</strong>" in texts["context"]


def test_an_update_outside_the_chapters_texts_is_refused(cast, chapter):
    doc = Doc()
    html_to_fragment("<p>x</p>", doc.get("elders", type=XmlFragment))
    with pytest.raises(AgendaError):
        coediting_store(contribution=chapter, update=doc.get_update(), user=cast["writer"])


def test_the_idle_save_goes_on_when_one_chapter_cannot_be_saved(cast, chapter):
    other = fill(factories.contribution(2), factories.team_user("writer", number=2))
    gone = other.team.memberships.get(role="writer").user
    add_live(chapter, cast["writer"], "<p>Bewaard.</p>")
    add_live(other, gone, "<p>Schrijver is weg.</p>")
    membership_remove(membership=other.team.memberships.get(user=gone))
    later = timezone.now() + timezone.timedelta(minutes=settings.COEDIT_IDLE_MINUTES + 1)
    assert save_idle_drafts(now=later) == 1
    chapter.refresh_from_db()
    assert chapter.context == "<p>Bewaard.</p>"


def test_a_live_document_a_client_garbled_still_reads(cast, chapter):
    doc = document(chapter)
    before = doc.get_state()
    fragment = doc.get("context", type=XmlFragment)
    with doc.transaction():
        fragment.children.append(XmlElement("heading", {"level": "x"}))
        nested = fragment.children.append(XmlElement("bulletList"))
        for _ in range(200):
            nested = nested.children.append(XmlElement("listItem"))
        link = fragment.children.append(XmlElement("paragraph"))
        link.children.append(XmlText()).insert(0, "klik", {"link": "geen object"})
    coediting_store(contribution=chapter, update=doc.get_update(before), user=cast["writer"])
    saved = coediting_save(contribution=chapter, user=cast["writer"])
    assert "<h3></h3>" in saved.context and "klik" in saved.context


def _send_update(chapter, user, html, *, meanwhile=None):
    """Open the chapter's socket as ``user``, let ``meanwhile`` happen, send one update;
    return what comes back (None: nothing, as for a stored update, which goes to the
    other editors only)."""
    sent = headers(user)
    doc = document(chapter)
    before = doc.get_state()
    html_to_fragment(html, doc.get("context", type=XmlFragment))
    update = create_update_message(doc.get_update(before))

    async def run():
        communicator = await _open(chapter.pk, sent)
        await communicator.receive_output(timeout=5)  # the server's sync step 1
        if meanwhile is not None:
            await sync_to_async(meanwhile)()
        await communicator.send_to(bytes_data=update)
        answer = None
        if not await communicator.receive_nothing(timeout=1):
            answer = await communicator.receive_output(timeout=5)
        await communicator.disconnect()
        return answer

    return async_to_sync(run)()


def test_the_right_is_asked_again_while_the_socket_is_open(cast, chapter, monkeypatch):
    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0)
    assert _send_update(chapter, cast["writer"], "<p>Mag nog.</p>") is None
    assert "Mag nog." in live.current_texts(chapter)["context"]

    def removed():
        membership_remove(membership=chapter.team.memberships.get(user=cast["writer"]))

    answer = _send_update(chapter, cast["writer"], "<p>Niet meer.</p>", meanwhile=removed)
    assert answer == {"type": "websocket.close", "code": live.CLOSE_ENDED}
    assert "Niet meer." not in (live.current_texts(chapter) or {}).get("context", "")


def test_storing_an_update_asks_the_rule_every_time(cast, chapter):
    """The service asks ``permissions.editable_by`` afresh for every update, not what
    the socket checked when it opened: a writer who left the team a moment ago stores
    nothing more, and neither does anyone once the chapter is submitted."""
    second = factories.writer(username="blijver")
    fill(chapter, second)
    add_live(chapter, cast["writer"], "<p>Nog even.</p>")
    membership_remove(membership=cast["writer"].memberships.get(team=chapter.team))
    with pytest.raises(live.SessionEnded):
        add_live(chapter, cast["writer"], "<p>Niet meer.</p>")
    take_review_step(obj=chapter, user=second, step="submit")
    with pytest.raises(live.SessionEnded):
        add_live(chapter, second, "<p>Te laat.</p>")
    chapter.refresh_from_db()
    assert "Nog even." in chapter.context  # recorded by the submit
    texts = live.htmls(document(chapter), ["context"])["context"]
    assert "Niet meer." not in texts and "Te laat." not in texts
