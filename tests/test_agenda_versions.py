"""Compiling, freezing, the governance machine, partner responses and board decisions."""

import pytest
from django.urls import reverse

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step, partner_decision_record, partner_response_record
from agenda.models import AgendaVersion, PartnerDecision
from agenda.review.services import take_review_step
from agenda.services import AgendaError, ContributionContent, contribution_save
from partners.models import Partner
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything, fill

State = AgendaVersion.State
CODES = ["OCW", "IPO", "VNG", "VOB", "SPN", "KB"]


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


@pytest.fixture
def reps(db):
    return {code: factories.partner_rep(code, username=code.lower()) for code in CODES}


def decide(version, reps, code, decision, note=""):
    """The board of ``code`` decides, through its own representative."""
    return partner_decision_record(
        version=version,
        user=reps[code],
        partner=Partner.objects.get(code=code),
        decision=decision,
        note=note,
    )


def compile_(coordinator):
    from agenda.models import Edition

    return agenda_compile(edition=Edition.objects.current(), user=coordinator)


def walk(version, coordinator, *steps):
    for step in steps:
        version = agenda_step(version=version, user=coordinator, step=step)
    return version


def test_compile_freezes_approved_chapters_and_marks_placeholders(coordinator):
    approved = approve_chapter(1, coordinator)
    version = compile_(coordinator)
    assert version.number == "0.1" and version.state == State.ROUGH
    chapters = {c.team.number: c for c in version.chapters.select_related("team", "record")}
    assert len(chapters) == 12
    assert chapters[1].record.context == approved.context
    assert all(chapters[n].is_placeholder for n in range(2, 13))

    # Later edits go to the next version; this one never changes.
    take_review_step(obj=approved, user=coordinator, step="reopen")
    writer = factories.team_user("writer", number=1)
    contribution_save(
        contribution=approved,
        user=writer,
        content=ContributionContent(context="<p>Later herschreven</p>"),
        base_revision=approved.revision + 1,
    )
    chapters[1].record.refresh_from_db()
    assert chapters[1].record.context == approved.context
    approve_chapter(2, coordinator)
    assert compile_(coordinator).number == "0.2"


def test_compiling_when_nothing_changed_is_refused(as_user, coordinator):
    approve_chapter(1, coordinator)
    client = as_user(coordinator)
    first = client.post(reverse("agenda:agenda_compile"))
    again = client.post(reverse("agenda:agenda_compile"), follow=True)  # a double click
    assert first.status_code == 302
    assert AgendaVersion.objects.count() == 1
    assert [str(m) for m in again.context["messages"]][-1] == (
        "Sinds versie 0.1 is niets goedgekeurd, dus een nieuwe versie zou dezelfde zijn. "
        "Keur eerst een gewijzigd hoofdstuk goed."
    )
    approve_chapter(2, coordinator)
    assert client.post(reverse("agenda:agenda_compile")).status_code == 302
    assert AgendaVersion.objects.count() == 2


def test_definitive_concept_needs_all_twelve_chapters(coordinator):
    approve_chapter(1, coordinator)
    version = walk(compile_(coordinator), coordinator, "to_feedback")
    with pytest.raises(AgendaError, match=r"twaalf|twelve"):
        agenda_step(version=version, user=coordinator, step="to_definitive")
    version.refresh_from_db()
    assert version.state == State.FEEDBACK


def test_only_coordinators_take_governance_steps(coordinator, reps):
    version = compile_(coordinator)
    with pytest.raises(AgendaError, match="Alleen coördinatoren brengen de agenda"):
        agenda_step(version=version, user=reps["VOB"], step="to_feedback")
    with pytest.raises(AgendaError, match="heeft nu de status 'Ruwe versie'"):
        agenda_step(version=version, user=coordinator, step="ratify")  # wrong state
    version.refresh_from_db()
    assert version.state == State.ROUGH


def full_decision(coordinator, reps):
    approve_everything(coordinator)
    version = walk(
        compile_(coordinator), coordinator, "to_feedback", "to_definitive", "to_consultation"
    )
    for code in CODES:
        partner_response_record(
            version=version,
            user=reps[code],
            partner=Partner.objects.get(code=code),
            verdict="agree_with_remarks",
            text=f"De achterban van {code} steunt de agenda.",
        )
    return walk(version, coordinator, "establish", "to_decision")


def test_the_whole_governance_to_ratification(coordinator, reps):
    version = full_decision(coordinator, reps)
    assert version.responses.count() == 6
    assert version.motto is not None and version.manifesto is not None
    for code in ["VOB", "SPN"]:
        partner_decision_record(
            version=version,
            user=reps[code],
            partner=Partner.objects.get(code=code),
            decision="approve",
            note="",
        )
    with pytest.raises(AgendaError, match="KB"):
        agenda_step(version=version, user=coordinator, step="ratify")
    decide(version, reps, "KB", "approve", "Akkoord")
    version = agenda_step(version=version, user=coordinator, step="ratify")
    assert version.state == State.RATIFIED and version.number == "1.0"
    steps = list(version.history.order_by("history_date").values_list("state", flat=True))
    assert steps[0] == State.ROUGH and steps[-1] == State.RATIFIED
    assert len(steps) >= 6 + 6 + 3  # every step, response and decision is a history entry


def test_a_rejection_sends_the_version_back_with_reasons(as_user, coordinator, reps):
    version = full_decision(coordinator, reps)
    decide(version, reps, "SPN", "reject", "De rol van de POI's is te vaag.")
    version.refresh_from_db()
    assert version.state == State.DEFINITIVE_CONCEPT
    html = (
        as_user(reps["OCW"])
        .get(reverse("agenda:agenda_version", args=[version.pk]))
        .content.decode()
    )
    assert "De rol van de POI&#x27;s is te vaag." in html
    # A new decision round starts clean.
    version = walk(version, coordinator, "to_consultation", "establish", "to_decision")
    assert version.decision_round == 2
    decide(version, reps, "SPN", "approve", "")


def test_rejection_needs_reasons(coordinator, reps):
    version = full_decision(coordinator, reps)
    with pytest.raises(AgendaError, match="Geef de redenen van de afwijzing"):
        decide(version, reps, "KB", "reject", " ")


def test_representative_cannot_decide_for_another_partner(as_user, coordinator, reps):
    version = full_decision(coordinator, reps)
    kb = Partner.objects.get(code="KB")
    with pytest.raises(AgendaError, match="alleen besluiten namens de partner die u"):
        partner_decision_record(
            version=version, user=reps["VOB"], partner=kb, decision="approve", note=""
        )
    response = as_user(reps["VOB"]).post(
        reverse("agenda:partner_decision", args=[version.pk, "KB"]), {"KB-decision": "approve"}
    )
    assert response.status_code == 403
    assert not PartnerDecision.objects.filter(partner=kb).exists()


def test_government_partners_do_not_decide(coordinator, reps):
    version = full_decision(coordinator, reps)
    with pytest.raises(AgendaError, match="Alleen de besturen van VOB, SPN, KB besluiten"):
        decide(version, reps, "OCW", "approve", "")


def test_decision_outside_the_decision_state_is_refused(coordinator, reps):
    approve_everything(coordinator)
    version = walk(compile_(coordinator), coordinator, "to_feedback", "to_definitive")
    with pytest.raises(AgendaError, match="zolang de versie bij de besturen ligt"):
        decide(version, reps, "VOB", "approve", "")
    assert not version.decisions.exists()


def test_a_board_decides_once_per_round(coordinator, reps):
    version = full_decision(coordinator, reps)
    vob = Partner.objects.get(code="VOB")
    partner_decision_record(
        version=version, user=reps["VOB"], partner=vob, decision="approve", note=""
    )
    with pytest.raises(AgendaError, match="VOB heeft in deze ronde al besloten"):
        partner_decision_record(
            version=version, user=reps["VOB"], partner=vob, decision="reject", note="x"
        )


@pytest.mark.parametrize(
    ("state", "visible"),
    [
        (State.ROUGH, {"writer", "member", "read_along", "coordinator"}),
        (State.FEEDBACK, {"writer", "member", "read_along", "coordinator"}),
        (State.DEFINITIVE_CONCEPT, {"writer", "member", "read_along", "coordinator", "partner"}),
        (State.DECISION, {"writer", "member", "read_along", "coordinator", "partner"}),
        (State.RATIFIED, {"writer", "member", "read_along", "coordinator", "partner", "outsider"}),
    ],
)
def test_who_sees_which_version(client, cast, state, visible):
    version = compile_(cast["coordinator"])
    AgendaVersion.objects.filter(pk=version.pk).update(state=state)  # set-up only
    url = reverse("agenda:agenda_version", args=[version.pk])
    for role, user in cast.items():
        client.force_login(user)
        expected = 200 if role in visible else 404
        assert client.get(url).status_code == expected, role
        listed = (
            str(version.number) in client.get(reverse("agenda:agenda_versions")).content.decode()
        )
        assert listed == (role in visible), role


def test_compile_page_is_for_coordinators(as_user, cast):
    url = reverse("agenda:agenda_compile")
    assert as_user(cast["writer"]).post(url).status_code == 403
    assert not AgendaVersion.objects.exists()
    assert as_user(cast["coordinator"]).get(url).status_code == 200  # asks first
    assert not AgendaVersion.objects.exists()
    assert as_user(cast["coordinator"]).post(url).status_code == 302
    assert AgendaVersion.objects.count() == 1


def test_compare_lists_changed_chapters(as_user, coordinator):
    approve_chapter(1, coordinator, text="<p>Eerste versie van de context.</p>")
    compile_(coordinator)
    contribution = take_review_step(obj=factories.contribution(1), user=coordinator, step="reopen")
    writer = factories.team_user("writer", number=1)
    fill(contribution, writer, context="<p>Tweede versie van de context.</p>")
    take_review_step(obj=contribution, user=writer, step="submit")
    take_review_step(obj=contribution, user=coordinator, step="approve")
    approve_chapter(2, coordinator)
    new = compile_(coordinator)
    client = as_user(coordinator)
    html = client.get(reverse("agenda:agenda_compare")).content.decode()
    assert "Nieuw in deze versie" in html
    # Motto and manifesto (placeholders in both) and ten chapters did not change.
    assert html.count('portal-tag--unchanged">ongewijzigd</span>') == 12
    assert "Tweede" not in html  # the list shows no diffs
    old = AgendaVersion.objects.get(sequence=new.sequence - 1)
    item = reverse("agenda:agenda_compare_item", args=[old.pk, new.pk, 1])
    assert f'href="{item}"' in html
    html = client.get(item).content.decode()
    assert "toegevoegd: </span>Tweede" in html and "verwijderd: </span>Eerste" in html


def test_the_version_list_shows_ten_versions_to_a_page(as_user, coordinator):
    from bench.grow import add_agenda_versions

    add_agenda_versions(12)
    client = as_user(coordinator)
    first = client.get(reverse("agenda:agenda_versions")).content.decode()
    second = client.get(reverse("agenda:agenda_versions") + "?pagina=2").content.decode()
    assert first.count('scope="row"') == 10 and second.count('scope="row"') == 2
    assert "Versie 0.12" in first and "Versie 0.1<" in second
    assert "Twee versies vergelijken" in second  # the whole list counts, not the page
