"""Proposals: anyone who reads a chapter proposes a change to a passage; its writers
accept (a new history record naming the proposal and its author) or reject with a
reason; a proposal whose passage changed is outdated and is applied in the editor."""

import pytest
from django.core import mail
from django.urls import reverse

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step
from agenda.models import Contribution, Edition, Proposal
from agenda.review.services import take_review_step
from agenda.selectors.proposals import PROPOSALS_SHOWN
from agenda.services import (
    AgendaError,
    ProposalInput,
    ProposalOutdated,
    proposal_add,
    proposal_reject,
    proposals_accept,
)
from agenda.texts import passages
from tests import factories
from tests.agenda_helpers import approve_everything, fill

TEXT = (
    "<p>De bibliotheek <strong>helpt</strong> mensen met lezen.</p>"
    "<p>Lezen is fijn en lezen helpt.</p>"
)


@pytest.fixture
def chapter(cast):
    contribution = factories.contribution(1)
    return fill(contribution, cast["writer"], context=TEXT)


def propose(contribution, user, exact="helpt mensen", kind="replace", text="steunt alle mensen"):
    return proposal_add(
        contribution=contribution,
        user=user,
        data=ProposalInput(
            text_name="context", exact=exact, kind=kind, text=text, reason="Preciezer."
        ),
    )


def records(contribution):
    return contribution.history.order_by("-history_date", "-history_id")


# The passages: found again by their words, changed without losing markup.


def test_a_passage_is_found_by_its_words_and_changed_keeping_the_markup_around_it():
    quote = passages.anchored(TEXT, "helpt mensen")
    assert passages.apply(TEXT, quote, "replace", "steunt") == (
        "<p>De bibliotheek <strong>steunt</strong> met lezen.</p>"
        "<p>Lezen is fijn en lezen helpt.</p>"
    )
    assert "helpt</strong> mensen graag met" in passages.apply(TEXT, quote, "insert", "graag")
    deleted = passages.apply(TEXT, passages.anchored(TEXT, "fijn en "), "delete", "")
    assert "Lezen is lezen helpt." in deleted


def test_repeated_words_need_context_and_context_chooses_the_occurrence():
    with pytest.raises(passages.NotFound, match="2 keer"):
        passages.anchored(TEXT, "lezen")
    quote = passages.anchored(TEXT, "lezen", prefix="fijn en ", suffix=" helpt")
    changed = passages.apply(TEXT, quote, "replace", "boeken")
    assert "met lezen." in changed and "fijn en boeken helpt" in changed


def test_a_passage_over_two_paragraphs_is_refused_with_the_reason():
    with pytest.raises(passages.NotFound, match="één alinea"):
        passages.anchored(TEXT, "lezen. Lezen")


def test_new_text_is_plain_text_escaped_into_the_html():
    quote = passages.anchored(TEXT, "helpt mensen")
    changed = passages.apply(TEXT, quote, "replace", '<img src=x onerror="alert(1)">')
    assert "<img" not in changed and "&lt;img" in changed


# The services.


def test_a_read_along_proposes_and_the_writers_are_told(
    cast, chapter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = propose(chapter, cast["read_along"])
    assert proposal.record == records(chapter).first()
    assert (proposal.exact, proposal.prefix) == ("helpt mensen", "De bibliotheek ")
    [message] = mail.outbox
    assert message.to == [cast["writer"].email]
    assert "steunt alle mensen" in message.body and "Preciezer." in message.body


@pytest.mark.parametrize("role", ["partner", "outsider"])
def test_who_does_not_read_the_chapter_cannot_propose(cast, chapter, role):
    with pytest.raises(AgendaError, match="mag geen wijzigingen voorstellen"):
        propose(chapter, cast[role])
    assert not Proposal.objects.exists()


def test_a_passage_not_in_the_text_is_refused(cast, chapter):
    with pytest.raises(AgendaError, match="staat niet \\(meer\\) in de tekst"):
        propose(chapter, cast["member"], exact="staat er niet")


def test_accepting_writes_one_record_that_names_the_proposal_and_its_author(
    cast, chapter, django_capture_on_commit_callbacks
):
    proposal = propose(chapter, cast["read_along"])
    before = records(chapter).count()
    with django_capture_on_commit_callbacks(execute=True):
        saved, accepted, outdated = proposals_accept(
            contribution=chapter, user=cast["writer"], ids=[proposal.pk]
        )
    assert (accepted, outdated) == ([proposal], [])
    assert "De bibliotheek <strong>steunt alle mensen</strong> met lezen." in saved.context
    newest = records(chapter).first()
    assert records(chapter).count() == before + 1
    assert f"voorstel {proposal.pk}" in newest.history_change_reason
    assert str(cast["read_along"]) in newest.history_change_reason
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by, proposal.accepted_record) == (
        "accepted",
        cast["writer"],
        newest,
    )
    assert mail.outbox[-1].to == [cast["read_along"].email]
    assert "overgenomen" in mail.outbox[-1].subject


def test_several_proposals_are_accepted_as_one_version(cast, chapter):
    first = propose(chapter, cast["read_along"])
    second = propose(chapter, cast["member"], exact="is fijn", text="is heerlijk")
    before = records(chapter).count()
    saved, accepted, _ = proposals_accept(
        contribution=chapter, user=cast["writer"], ids=[first.pk, second.pk]
    )
    assert len(accepted) == 2 and records(chapter).count() == before + 1
    assert "steunt alle mensen" in saved.context and "is heerlijk" in saved.context
    reason = records(chapter).first().history_change_reason
    assert str(first.pk) in reason and str(second.pk) in reason


def test_only_writers_accept_and_only_concepts_change(cast, chapter):
    proposal = propose(chapter, cast["read_along"])
    for role in ("member", "read_along", "coordinator"):
        with pytest.raises(AgendaError, match="Alleen de schrijvers"):
            proposals_accept(contribution=chapter, user=cast[role], ids=[proposal.pk])
    take_review_step(obj=chapter, user=cast["writer"], step="submit")
    with pytest.raises(AgendaError, match="alleen een concept"):
        proposals_accept(contribution=chapter, user=cast["writer"], ids=[proposal.pk])
    proposal.refresh_from_db()
    assert proposal.is_open


def test_an_accepted_proposal_is_not_accepted_twice(cast, chapter):
    proposal = propose(chapter, cast["read_along"])
    proposals_accept(contribution=chapter, user=cast["writer"], ids=[proposal.pk])
    count = records(chapter).count()
    with pytest.raises(AgendaError, match="al overgenomen"):
        proposals_accept(contribution=chapter, user=cast["writer"], ids=[proposal.pk])
    assert records(chapter).count() == count


def test_a_proposal_whose_passage_changed_is_outdated_and_not_applied(cast, chapter):
    proposal = propose(chapter, cast["read_along"])
    fill(chapter, cast["writer"], context="<p>De bibliotheek helpt iedereen.</p>")
    count = records(chapter).count()
    with pytest.raises(ProposalOutdated):
        proposals_accept(contribution=chapter, user=cast["writer"], ids=[proposal.pk])
    assert records(chapter).count() == count
    proposal.refresh_from_db()
    assert proposal.is_open


def test_a_change_elsewhere_leaves_the_proposal_current(cast, chapter):
    proposal = propose(chapter, cast["read_along"])
    fill(chapter, cast["writer"], context=TEXT.replace("Lezen is fijn", "Lezen is leuk"))
    saved, accepted, _ = proposals_accept(
        contribution=chapter, user=cast["writer"], ids=[proposal.pk]
    )
    assert accepted == [proposal]
    assert "steunt alle mensen" in saved.context and "Lezen is leuk" in saved.context


def test_rejecting_needs_a_reason_and_tells_the_proposer(
    cast, chapter, django_capture_on_commit_callbacks
):
    proposal = propose(chapter, cast["read_along"])
    with pytest.raises(AgendaError, match="Geef een reden"):
        proposal_reject(proposal=proposal, user=cast["writer"], reason=" ")
    with pytest.raises(AgendaError, match="Alleen de schrijvers"):
        proposal_reject(proposal=proposal, user=cast["member"], reason="Nee.")
    with django_capture_on_commit_callbacks(execute=True):
        proposal_reject(proposal=proposal, user=cast["writer"], reason="Past niet bij de toon.")
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decision_reason) == ("rejected", "Past niet bij de toon.")
    assert mail.outbox[-1].to == [cast["read_along"].email]
    assert "Past niet bij de toon." in mail.outbox[-1].body


# On an agenda version: partners propose in consultation.


@pytest.fixture
def consultation(cast):
    coordinator = cast["coordinator"]
    approve_everything(coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    for step in ("to_feedback", "to_definitive"):
        version = agenda_step(version=version, user=coordinator, step=step)
    return version


def test_a_partner_proposes_on_a_chapter_of_a_version_in_consultation(cast, consultation):
    chapter = factories.contribution(3)
    data = ProposalInput(
        text_name="context", exact="werkt samen", kind="insert", text="intensief", reason="Ja."
    )
    with pytest.raises(AgendaError, match="feedback of raadpleging"):
        proposal_add(contribution=chapter, user=cast["partner"], data=data, version=consultation)
    version = agenda_step(version=consultation, user=cast["coordinator"], step="to_consultation")
    proposal = proposal_add(contribution=chapter, user=cast["partner"], data=data, version=version)
    assert proposal.on_version == version
    assert proposal.record_id == version.chapters.get(team__number=3).record_id


# The pages.


def test_the_chapter_page_marks_the_passage_and_shows_the_proposal(as_user, cast, chapter):
    proposal = propose(chapter, cast["read_along"])
    html = as_user(cast["writer"]).get(chapter.get_absolute_url()).content.decode()
    assert f'id="passage-{proposal.pk}"' in html
    assert "<mark" in html and "Preciezer." in html
    assert reverse("agenda:proposals_accept", args=[chapter.pk]) in html
    member_html = as_user(cast["member"]).get(chapter.get_absolute_url()).content.decode()
    assert "Preciezer." in member_html
    assert reverse("agenda:proposals_accept", args=[chapter.pk]) not in member_html


def test_the_chapter_shows_a_few_proposals_per_text_and_links_to_them_all(as_user, cast, chapter):
    words = ["De bibliotheek", "mensen met", "Lezen is", "fijn", "lezen helpt"]
    made = [propose(chapter, cast["read_along"], exact=w, text="x") for w in words]
    page = as_user(cast["writer"]).get(chapter.get_absolute_url()).content.decode()
    every = reverse("agenda:text_proposals", args=[chapter.pk, "context"])
    assert (
        "5 voorgestelde wijzigingen in" in page and "Nog 2 andere voorgestelde wijzigingen" in page
    )
    assert every in page
    assert all(f'id="passage-{p.pk}"' in page for p in made)  # every passage is marked
    shown_here = [p for p in made if f'id="{p.anchor}"' in page]
    assert shown_here == made[:PROPOSALS_SHOWN]
    all_page = as_user(cast["writer"]).get(every).content.decode()
    assert all(f'id="{p.anchor}"' in all_page for p in made)
    assert reverse("agenda:proposals_accept", args=[chapter.pk]) in all_page
    assert f"{chapter.get_absolute_url()}#passage-{made[0].pk}" in all_page
    reader_page = as_user(cast["read_along"]).get(every).content.decode()
    assert reverse("agenda:proposals_accept", args=[chapter.pk]) not in reader_page
    missing = reverse("agenda:text_proposals", args=[chapter.pk, "nergens"])
    assert as_user(cast["writer"]).get(missing).status_code == 404


def test_a_proposal_with_an_error_keeps_what_was_typed(as_user, cast, chapter):
    url = reverse("agenda:proposal_create", args=[chapter.pk])
    data = {
        "text_name": "context",
        "exact": "lezen",
        "kind": "replace",
        "text": "Boeken lezen",
        "reason": "Mijn reden.",
    }
    response = as_user(cast["member"]).post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 keer" in html and 'href="#id_exact"' in html
    assert "Mijn reden." in html and "Boeken lezen" in html
    assert not Proposal.objects.exists()


def test_the_server_refuses_what_the_page_hides(as_user, cast, chapter):
    proposal = propose(chapter, cast["read_along"])
    accept = reverse("agenda:proposals_accept", args=[chapter.pk])
    reject = reverse("agenda:proposal_reject", args=[chapter.pk, proposal.pk])
    member = as_user(cast["member"])
    assert member.post(accept, {"voorstel": proposal.pk}).status_code == 403
    assert member.post(reject, {"reason": "nee"}).status_code == 403
    outsider = as_user(cast["outsider"])
    assert outsider.get(reverse("agenda:proposal_create", args=[chapter.pk])).status_code == 404
    proposal.refresh_from_db()
    assert proposal.is_open


def test_accepting_an_outdated_proposal_opens_the_editor_beside_it(as_user, cast, chapter):
    proposal = propose(chapter, cast["read_along"])
    fill(chapter, cast["writer"], context="<p>De bibliotheek helpt iedereen.</p>")
    client = as_user(cast["writer"])
    response = client.post(
        reverse("agenda:proposals_accept", args=[chapter.pk]), {"voorstel": proposal.pk}
    )
    assert response.status_code == 302
    assert f"?voorstel={proposal.pk}" in response["Location"]
    editor = client.get(response["Location"].split("#")[0]).content.decode()
    assert "U verwerkt het voorstel van" in editor and "steunt alle" in editor
    assert "De bibliotheek helpt iedereen." in editor  # the text now, beside it
    current = Contribution.objects.get(pk=chapter.pk)
    form = {
        "base_revision": current.revision,
        "voorstel": proposal.pk,
        "context": "<p>De bibliotheek steunt iedereen.</p>",
        "ambition": current.ambition,
        "programme_intro": current.programme_intro,
        **{f"provision_{code}": html for code, html in current.provision_texts.items()},
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
        "save": "1",
    }
    assert (
        client.post(reverse("agenda:contribution_edit", args=[chapter.pk]), form).status_code == 302
    )
    proposal.refresh_from_db()
    assert proposal.state == "accepted"
    assert f"voorstel {proposal.pk}" in records(chapter).first().history_change_reason


def test_the_chapter_downloads_as_word(as_user, cast, chapter):
    from io import BytesIO

    from docx import Document

    response = as_user(cast["read_along"]).get(
        reverse("agenda:contribution_docx", args=[chapter.pk])
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(BytesIO(response.content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "De bibliotheek helpt mensen met lezen." in texts
    assert any(
        p.style.name.startswith("Heading") and "Context" in p.text for p in document.paragraphs
    )
    assert document.tables[0].rows[1].cells[0].text == "Actie 1"
    assert (
        as_user(cast["outsider"])
        .get(reverse("agenda:contribution_docx", args=[chapter.pk]))
        .status_code
        == 404
    )


def test_the_proposer_finds_the_decision_in_for_you_and_on_its_own_page(as_user, cast, chapter):
    proposal = propose(chapter, cast["read_along"])
    writer_home = as_user(cast["writer"]).get(reverse("home")).content.decode()
    assert "1 voorgestelde wijziging in 1. " in writer_home
    proposal_reject(proposal=proposal, user=cast["writer"], reason="Past niet bij de toon.")
    home = as_user(cast["read_along"]).get(reverse("home")).content.decode()
    url = reverse("agenda:proposal_decision", args=[proposal.pk])
    assert "is niet overgenomen" in home and url in home
    page = as_user(cast["read_along"]).get(url).content.decode()
    assert "Past niet bij de toon." in page and "Niet overgenomen" in page
    assert as_user(cast["partner"]).get(url).status_code == 404


def test_ticked_proposals_are_accepted_together_from_the_page(as_user, cast, chapter):
    first = propose(chapter, cast["read_along"])
    second = propose(chapter, cast["member"], exact="is fijn", text="is heerlijk")
    before = records(chapter).count()
    response = as_user(cast["writer"]).post(
        reverse("agenda:proposals_accept", args=[chapter.pk]),
        {"voorstel": [first.pk, second.pk]},
        follow=True,
    )
    assert "2 voorstellen overgenomen" in response.content.decode()
    assert records(chapter).count() == before + 1
    assert set(Proposal.objects.values_list("state", flat=True)) == {"accepted"}


def test_a_partner_reads_the_decision_without_the_teams_draft(as_user, cast):
    coordinator = cast["coordinator"]
    approve_everything(coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    for step in ("to_feedback", "to_definitive", "to_consultation"):
        version = agenda_step(version=version, user=coordinator, step=step)
    chapter = factories.contribution(3)
    data = ProposalInput("context", "werkt samen", "insert", "intensief", "Ja.")
    proposal = proposal_add(contribution=chapter, user=cast["partner"], data=data, version=version)
    take_review_step(obj=chapter, user=coordinator, step="reopen")
    writer = factories.team_user("writer", number=3)
    fill(factories.contribution(3), writer, context="<p>GEHEIM CONCEPT</p>")
    page = as_user(cast["partner"]).get(reverse("agenda:proposal_decision", args=[proposal.pk]))
    html = page.content.decode()
    assert "intensief" in html and "GEHEIM" not in html and "Verouderd" not in html
