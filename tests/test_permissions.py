"""Every URL of the portal x every role of the cast -> the status the policy promises,
for GET and for POST (a pretix-style matrix).

The rules: whoever has no right on a team's objects gets 404 (they learn nothing of
them); a member without the specific right gets 403; coordinators read and comment on
every team but write in none; partner representatives read agenda versions from the
definitive concept on and act only for their own partner; visitors who are not logged
in go to the login page, except on the pages marked ``login_not_required`` (the welcome
page, the timeline, the teams, the documents for everyone, the about and site pages,
health, the language switch, the translation catalogue, the login page and the public
ratified PDF).

Every request carries no data: a permitted user sees the form again with its errors
(200), or is sent on where the empty request means "nothing chosen" (302). Pages that
only show something answer a POST as they answer a GET (their views refuse no method),
and the matrix records that too. Each role's request is rolled back before the next
one's, so a POST changes nothing that another role's request reads.
"""

import re
import time
from collections.abc import Callable
from typing import NamedTuple

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from guardian.shortcuts import assign_perm

from agenda.governance.compiling import agenda_compile
from agenda.governance.invitations import answer_invite
from agenda.governance.machine import PARTNER_STATES
from agenda.governance.services import (
    agenda_step,
    partner_decision_record,
    partner_no_response_record,
    partner_response_record,
)
from agenda.models import AgendaVersion, Edition, NetworkText, TrackedAction
from agenda.review.services import take_review_step
from agenda.services import (
    ProposalInput,
    comment_add,
    comment_set_resolved,
    network_text_save,
    proposal_add,
)
from agenda.tracking.services import update_post
from infra.middleware import RenewSessionMiddleware
from partners.models import Partner
from portal.forms import DocumentForm
from portal.models import Document
from portal.services import document_add
from teams.models import Membership, Team
from teams.permissions import TeamPerm, has_team_perm, readable_team_ids
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything, fill
from tests.conftest import ROLES

ANON = "anonymous"
EVERYONE = (*ROLES, ANON)
LOGIN = "login"
"""A redirect (302) to the login page, which brings the visitor back afterwards."""

# Who gets what, by role. 200 stands for "allowed"; ``answered`` replaces it where an
# allowed request is answered otherwise (a redirect after a step, a PDF still being made).
PUBLIC = dict.fromkeys(EVERYONE, 200)
SIGNED_IN = PUBLIC | {ANON: LOGIN}
TEAM = SIGNED_IN | {"partner": 404, "outsider": 404}  # who reads team 1's chapter
TEAM_WRITERS = TEAM | {"member": 403, "read_along": 403, "coordinator": 403}
TEAM_COORDINATORS = TEAM | {"writer": 403, "member": 403, "read_along": 403}
# A comment by the cast's member: its author, the team's writers and the coordinators
# mark it as dealt with; the read-along comments too, but does not resolve another's.
COMMENT_RESOLVERS = TEAM | {"read_along": 403}
COORDINATORS = dict.fromkeys(ROLES, 403) | {"coordinator": 200, ANON: LOGIN}
# A rough version, one in feedback and the network texts are for the participants (team
# members, read-alongs, coordinators); not yet for partner representatives.
PARTICIPANTS = TEAM
PARTICIPANTS_REFUSED = PARTICIPANTS | dict.fromkeys(
    ["writer", "member", "read_along", "coordinator"], 403
)
VERSION_COORDINATORS = PARTICIPANTS | {"writer": 403, "member": 403, "read_along": 403}
# From the definitive concept on partner representatives read a version too.
VERSION_READERS = SIGNED_IN | {"outsider": 404}
VOB_REPRESENTATIVE = VERSION_READERS | dict.fromkeys(
    ["writer", "member", "read_along", "coordinator"], 403
)
COORDINATORS_ON_PARTNER_VERSION = VERSION_READERS | dict.fromkeys(
    ["writer", "member", "read_along", "partner"], 403
)
# The tracked actions of the ratified agenda: for those who read it and take part in the
# network (not for a logged-in outsider); the team's writers and the lead partner's
# representatives post updates.
FOLLOWERS = VERSION_READERS
UPDATE_POSTERS = FOLLOWERS | dict.fromkeys(["member", "read_along", "coordinator", "partner"], 403)
# A view that takes only POST, asked with GET.
POST_ONLY = dict.fromkeys(ROLES, 405) | {ANON: LOGIN}
# A download that takes only GET, asked with POST.
GET_ONLY = POST_ONLY
# The coordinators import progress updates (an empty POST shows the form's errors).
UPDATE_IMPORTERS = FOLLOWERS | dict.fromkeys(["writer", "member", "read_along", "partner"], 403)
# The coordinators make a progress report and make it final; its followers read it.
REPORT_MAKERS = UPDATE_IMPORTERS
# The public progress page exists only while PUBLIC_FINAL_AGENDA is set (the tests leave
# it off); it takes no POST, from anyone.
PUBLIC_PROGRESS = dict.fromkeys(EVERYONE, 404)
# Inviting someone to answer through a personal link (and withdrawing it): the
# coordinators, and the partner's representatives for their own partner.
INVITERS = VOB_REPRESENTATIVE | {"coordinator": 200}
# A personal link opens its one page for whoever holds it, logged in or not.
LINK_HOLDERS = PUBLIC


def answered(statuses, status):
    """``statuses`` with every allowed request (200) answered with ``status`` instead."""
    return {role: status if expected == 200 else expected for role, expected in statuses.items()}


# The objects the URLs show, built through the portal's own services. Each builder
# takes the cast and returns the URL's arguments.

State = AgendaVersion.State
GOVERNANCE = [
    "to_feedback",
    "to_definitive",
    "to_consultation",
    "establish",
    "to_decision",
    "ratify",
]


def given(*args):
    """Arguments that need no object built: a number, a slug, a format."""

    def build(cast):
        return list(args)

    return build


nothing = given()


def chapter_of_team_1(cast):
    """Team 1's chapter: a complete draft by its writer, still a concept."""
    return fill(factories.contribution(1), cast["writer"])


def chapter(*extra):
    def build(cast):
        return [chapter_of_team_1(cast).pk, *extra]

    return build


def history_record(cast):
    contribution = chapter_of_team_1(cast)
    return [contribution.pk, contribution.history.get().history_id]


def chapter_with_two_versions(cast):
    contribution = chapter_of_team_1(cast)
    fill(contribution, cast["writer"], context="<p>Een tweede versie van het hoofdstuk.</p>")
    return [contribution.pk]


def members_comment(cast, *, resolved=False):
    """A comment by the cast's member on team 1's chapter, open or dealt with."""
    contribution = chapter_of_team_1(cast)
    comment = comment_add(
        contribution=contribution, user=cast["member"], aspect="ambition", body="Mooi."
    )
    if resolved:
        comment_set_resolved(comment=comment, user=cast["writer"], resolved=True)
    return [contribution.pk, comment.pk]


def open_comment(cast):
    return members_comment(cast)


def resolved_comment(cast):
    return members_comment(cast, resolved=True)


PROPOSED = ProposalInput("context", "werkt samen", "replace", "werkt graag samen", "Warmer.")


def coordinators_proposal(cast):
    contribution = chapter_of_team_1(cast)
    proposal = proposal_add(contribution=contribution, user=cast["coordinator"], data=PROPOSED)
    return [contribution.pk, proposal.pk]


def partners_proposal(cast):
    """The VOB representative's proposal on chapter 1 of a version in consultation: a
    partner who does not read the team's drafts follows what became of it."""
    proposal = proposal_add(
        contribution=factories.contribution(1),
        user=cast["partner"],
        data=PROPOSED,
        version=version_in(cast, State.CONSULTATION),
    )
    return [proposal.pk]


def members_membership(cast):
    return [1, Membership.objects.get(user=cast["member"], team__number=1).pk]


def submitted_motto(cast):
    """The motto as team 7's writer submitted it: a coordinator approves it now."""
    writer = factories.team_user("writer", number=7)
    text = NetworkText.objects.get(edition=Edition.objects.current(), kind="motto")
    network_text_save(text=text, user=writer, body="<p>Samen sterker</p>", base_revision=0)
    take_review_step(obj=text, user=writer, step="submit")
    return ["motto", "approve"]


def version_in(cast, state):
    """An agenda version compiled by the coordinator and taken through the governance up
    to ``state``. A version the partners read needs every chapter approved; the others
    only chapter 1."""
    coordinator = cast["coordinator"]
    if state in PARTNER_STATES:
        approve_everything(coordinator)
    else:
        approve_chapter(1, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    for step in GOVERNANCE:
        if version.state == state:
            break
        if step == "establish":  # every constituency answered, if only with silence
            for partner in Partner.objects.all():
                partner_no_response_record(
                    version=version, user=coordinator, partner=partner, reason="Geen overleg."
                )
        if step == "ratify":  # the boards approved
            for code in ["VOB", "SPN", "KB"]:
                partner_decision_record(
                    version=version,
                    user=cast["partner"] if code == "VOB" else factories.partner_rep(code),
                    partner=Partner.objects.get(code=code),
                    decision="approve",
                    note="",
                )
        version = agenda_step(version=version, user=coordinator, step=step)
    assert version.state == state
    return version


def agenda_version(state, *extra):
    def build(cast):
        return [version_in(cast, state).pk, *extra]

    return build


def two_rough_versions(cast):
    first = version_in(cast, State.ROUGH)
    approve_chapter(2, cast["coordinator"])  # something new to compile
    return first, agenda_compile(edition=Edition.objects.current(), user=cast["coordinator"])


def version_pair(*extra):
    def build(cast):
        return [version.pk for version in two_rough_versions(cast)] + list(extra)

    return build


def two_versions_to_choose_from(cast):
    two_rough_versions(cast)
    return []


def ratified_agenda(cast):
    version_in(cast, State.RATIFIED)
    return []


def ratified_and(*args):
    """The agenda ratified (its action rows tracked), and arguments that name no object."""

    def build(cast):
        return ratified_agenda(cast) + list(args)

    return build


def tracked_action_of_team_1(cast):
    """Team 1's action in the ratified agenda: led by KB, so VOB's representative (the
    cast's partner) reads it but posts no update."""
    version = version_in(cast, State.RATIFIED)
    return [version.tracked_actions.get(team__number=1).pk]


def update_with_a_document(cast):
    """An update on team 1's tracked action with a PDF, by the team's writer."""
    [pk] = tracked_action_of_team_1(cast)
    document = SimpleUploadedFile("verslag.pdf", b"%PDF-1.7\n%%EOF\n")
    update = update_post(
        action=TrackedAction.objects.get(pk=pk),
        user=cast["writer"],
        text="Verslag.",
        document=document,
    )
    return [update.pk]


def progress_report_of_q1(cast):
    """The coordinator's progress report of Q1 on the ratified agenda, its PDF still
    being made (the worker does not run here)."""
    from agenda.tracking.reports import progress_report_request

    version = version_in(cast, State.RATIFIED)
    report = progress_report_request(version=version, quarter=1, user=cast["coordinator"])
    return [report.pk]


def vob_invitation(cast, version=None):
    """The coordinator invited someone to record VOB's response on a version in
    consultation: the invitation and its token (read from the e-mail)."""
    mail.outbox.clear()
    version = version or version_in(cast, State.CONSULTATION)
    invitation = answer_invite(
        version=version,
        user=cast["coordinator"],
        partner=Partner.objects.get(code="VOB"),
        name="Sanne Secretaris",
        email="sanne@vob.test",
    )
    token = re.search(r"/antwoord/([A-Za-z0-9_-]+)/", mail.outbox[-1].body).group(1)
    return invitation, token


def invitation_of_vob(cast):
    invitation, _token = vob_invitation(cast)
    return [invitation.version_id, invitation.pk]


def token_of_vob(cast):
    return [vob_invitation(cast)[1]]


PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nWelkom bij de Netwerkagenda.\n"


def document(cast, files, **fields):
    form = DocumentForm(
        {"kind": "file", "title": "Verslag", "date": "2026-11-26", "audience": "everyone"} | fields,
        files,
        edition=Edition.objects.current(),
    )
    assert form.is_valid(), form.errors
    return [document_add(form=form, user=cast["coordinator"], edition=Edition.objects.current()).pk]


def team_document(cast):
    """A report for team 1 only (and the coordinators)."""
    return document(
        cast,
        {"file": SimpleUploadedFile("verslag.pdf", PDF)},
        audience=Document.Audience.TEAM,
        team=Team.objects.get(number=1).pk,
    )


def public_video(cast):
    """A video with captions, for everyone, also without logging in."""
    files = {
        "file": SimpleUploadedFile("uitleg.mp4", MP4),
        "captions": SimpleUploadedFile("uitleg.vtt", VTT),
    }
    return document(cast, files, kind="video", title="Uitleg")


def public_report(cast):
    return document(cast, {"file": SimpleUploadedFile("verslag.pdf", PDF)})


class Row(NamedTuple):
    name: str  # "namespace:name" as ``reverse`` takes it
    args: Callable[[dict], list]  # the cast -> the URL's arguments
    get: dict  # role -> expected status of a GET
    post: dict  # role -> expected status of an empty POST


MATRIX = [
    # The site around the agenda.
    Row("home", nothing, PUBLIC, PUBLIC),
    Row("login", nothing, PUBLIC, PUBLIC),
    # Logging out is a POST (Django's LogoutView), which ends on the login page.
    Row("logout", nothing, POST_ONLY, dict.fromkeys(EVERYONE, LOGIN)),
    Row("health", nothing, PUBLIC, PUBLIC),
    # Without a ``next`` the language switch goes back to the home page.
    Row("set_language", nothing, answered(PUBLIC, 302), answered(PUBLIC, 302)),
    # The translations for scripts: readable without logging in, and only by GET.
    Row("javascript-catalog", nothing, PUBLIC, answered(PUBLIC, 405)),
    Row("site_page", given("privacy"), PUBLIC, PUBLIC),
    Row("portal:about", nothing, PUBLIC, PUBLIC),
    Row("portal:about_edit", nothing, COORDINATORS, COORDINATORS),
    Row("portal:timeline", nothing, PUBLIC, PUBLIC),
    Row("portal:editions", nothing, PUBLIC, PUBLIC),
    Row("portal:teams", nothing, PUBLIC, PUBLIC),
    # Whoever is logged in sees who takes part in a team, as the overview's counts.
    Row("portal:team_participants", given(1), SIGNED_IN, SIGNED_IN),
    Row("portal:search", nothing, SIGNED_IN, SIGNED_IN),
    Row("portal:documents", nothing, PUBLIC, PUBLIC),
    Row("portal:document_create", nothing, COORDINATORS, COORDINATORS),
    # A team's document is for team 1 and the coordinators; only documents for everyone
    # are open without logging in.
    Row("portal:document_file", team_document, TEAM, TEAM),
    Row("portal:document_captions", public_video, PUBLIC, PUBLIC),
    Row("portal:document_delete", public_report, COORDINATORS, answered(COORDINATORS, 302)),
    # Teams and their members.
    Row("teams:detail", given(1), TEAM, TEAM_COORDINATORS),
    # An empty role is refused with a message on the team's page.
    Row("teams:membership_role", members_membership, POST_ONLY, answered(TEAM_COORDINATORS, 302)),
    Row(
        "teams:membership_delete",
        members_membership,
        TEAM_COORDINATORS,
        answered(TEAM_COORDINATORS, 302),
    ),
    # A chapter: reading, writing, submitting.
    Row("agenda:contribution", chapter(), TEAM, TEAM),
    Row("agenda:contribution_edit", chapter(), TEAM_WRITERS, TEAM_WRITERS),
    # The draft is complete: the writer's POST submits it.
    Row("agenda:contribution_submit", chapter(), TEAM_WRITERS, answered(TEAM_WRITERS, 302)),
    Row("agenda:contribution_revision", chapter(), TEAM, TEAM),
    Row("agenda:review_step", chapter("submit"), POST_ONLY, answered(TEAM_WRITERS, 302)),
    Row("agenda:contribution_docx", chapter(), TEAM, TEAM),
    Row("agenda:contribution_odt", chapter(), TEAM, TEAM),
    Row("agenda:overview", nothing, COORDINATORS, COORDINATORS),
    Row("agenda:actions_export", given("csv"), SIGNED_IN, SIGNED_IN),
    # A chapter's history.
    Row("agenda:history", chapter(), TEAM, TEAM),
    Row("agenda:history_record", history_record, TEAM, TEAM),
    Row("agenda:history_compare", chapter_with_two_versions, TEAM, TEAM),
    Row("agenda:history_restore", history_record, TEAM_WRITERS, TEAM_WRITERS),
    # Comments: whoever reads the chapter comments on it.
    Row("agenda:comments", chapter("ambition"), TEAM, TEAM),
    Row("agenda:comment_create", chapter(), POST_ONLY, TEAM),
    # A thread: whoever reads the chapter reads it; an empty reply is a form error (200).
    Row("agenda:comment_thread", open_comment, TEAM, TEAM),
    Row("agenda:comment_resolve", open_comment, POST_ONLY, answered(COMMENT_RESOLVERS, 302)),
    Row("agenda:comment_reopen", resolved_comment, POST_ONLY, answered(COMMENT_RESOLVERS, 302)),
    # Proposals: whoever comments proposes; the writers decide.
    Row("agenda:proposal_create", chapter(), TEAM, TEAM),
    Row("agenda:text_proposals", chapter("context"), TEAM, TEAM),
    # No proposal named: the writer goes back to the chapter with the message.
    Row("agenda:proposals_accept", chapter(), POST_ONLY, answered(TEAM_WRITERS, 302)),
    Row("agenda:proposal_reject", coordinators_proposal, TEAM_WRITERS, TEAM_WRITERS),
    # Its author (a partner, who does not read the team's drafts) and the chapter's readers.
    Row(
        "agenda:proposal_decision",
        partners_proposal,
        TEAM | {"partner": 200},
        TEAM | {"partner": 200},
    ),
    # The motto is team 7's text: the participants read it, nobody in the cast edits it;
    # team 7's writer submitted it and a coordinator approves it.
    Row("agenda:network_text", given("motto"), PARTICIPANTS, PARTICIPANTS),
    Row("agenda:network_text_edit", given("motto"), PARTICIPANTS_REFUSED, PARTICIPANTS_REFUSED),
    Row(
        "agenda:network_text_review_step",
        submitted_motto,
        POST_ONLY,
        answered(TEAM_COORDINATORS, 302),
    ),
    # Agenda versions. A rough one is for the participants; from the definitive concept
    # on the partners read it too; the outsider reads only the ratified agenda.
    Row("agenda:agenda_versions", nothing, SIGNED_IN, SIGNED_IN),
    Row("agenda:agenda_compile", nothing, COORDINATORS, answered(COORDINATORS, 302)),
    Row("agenda:agenda_version", agenda_version(State.ROUGH), PARTICIPANTS, PARTICIPANTS),
    Row(
        "agenda:agenda_version_read",
        agenda_version(State.CONSULTATION),
        VERSION_READERS,
        VERSION_READERS,
    ),
    Row(
        "agenda:agenda_version_read_chapter",
        agenda_version(State.CONSULTATION, 1),
        VERSION_READERS,
        VERSION_READERS,
    ),
    Row(
        "agenda:agenda_version_read_annex",
        agenda_version(State.CONSULTATION),
        VERSION_READERS,
        VERSION_READERS,
    ),
    # Fewer than two versions to read: back to the list, with a message.
    Row(
        "agenda:agenda_compare",
        two_versions_to_choose_from,
        PARTICIPANTS | {"partner": 302, "outsider": 302},
        PARTICIPANTS | {"partner": 302, "outsider": 302},
    ),
    Row("agenda:agenda_compare_item", version_pair("motto"), PARTICIPANTS, PARTICIPANTS),
    Row("agenda:redline", version_pair(), PARTICIPANTS, PARTICIPANTS),
    # The PDF is still being made: a page says so; a coordinator's POST asks again.
    Row(
        "agenda:redline_pdf",
        version_pair(),
        PARTICIPANTS,
        answered(VERSION_COORDINATORS, 302),
    ),
    Row(
        "agenda:governance_step",
        agenda_version(State.ROUGH, "to_feedback"),
        POST_ONLY,
        answered(VERSION_COORDINATORS, 302),
    ),
    Row("agenda:agenda_feedback", agenda_version(State.FEEDBACK, 1), PARTICIPANTS, PARTICIPANTS),
    Row(
        "agenda:version_proposal",
        agenda_version(State.CONSULTATION, 1),
        VERSION_READERS,
        VERSION_READERS,
    ),
    Row(
        "agenda:partner_response",
        agenda_version(State.CONSULTATION, "VOB"),
        POST_ONLY,
        VOB_REPRESENTATIVE,
    ),
    Row(
        "agenda:partner_no_response",
        agenda_version(State.CONSULTATION),
        POST_ONLY,
        COORDINATORS_ON_PARTNER_VERSION,
    ),
    Row(
        "agenda:partner_decision",
        agenda_version(State.DECISION, "VOB"),
        POST_ONLY,
        VOB_REPRESENTATIVE,
    ),
    # Personal links: inviting and withdrawing on the version's page; the link itself
    # (its PDF still being made sends the holder back to the link's page).
    Row("agenda:answer_invite", agenda_version(State.CONSULTATION), POST_ONLY, INVITERS),
    Row(
        "agenda:answer_invitation_withdraw",
        invitation_of_vob,
        INVITERS,
        answered(INVITERS, 302),
    ),
    Row("agenda:answer_link", token_of_vob, LINK_HOLDERS, LINK_HOLDERS),
    Row(
        "agenda:answer_link_pdf",
        token_of_vob,
        answered(LINK_HOLDERS, 302),
        answered(LINK_HOLDERS, 405),
    ),
    # A version's PDF that is not ready sends its readers to the version's page.
    Row(
        "agenda:agenda_pdf",
        agenda_version(State.CONSULTATION),
        answered(VERSION_READERS, 302),
        answered(VERSION_READERS, 302),
    ),
    Row(
        "agenda:agenda_pdf_retry",
        agenda_version(State.CONSULTATION),
        POST_ONLY,
        answered(COORDINATORS_ON_PARTNER_VERSION, 302),
    ),
    Row(
        "agenda:chapter_pdf",
        agenda_version(State.CONSULTATION, 1),
        VERSION_READERS,
        VERSION_READERS,
    ),
    Row(
        "agenda:chapter_pdf_retry",
        agenda_version(State.ROUGH, 1),
        POST_ONLY,
        answered(VERSION_COORDINATORS, 302),
    ),
    # The ratified agenda is for every logged-in user (for anyone only while
    # PUBLIC_FINAL_AGENDA is set, which the tests leave off); while its PDF is being
    # made the answer is 503 with Retry-After.
    Row(
        "agenda:final_pdf",
        ratified_agenda,
        answered(SIGNED_IN, 503),
        answered(SIGNED_IN, 503),
    ),
    # The check page: for whoever reads some agenda version (every logged-in user; for
    # anyone only while PUBLIC_FINAL_AGENDA is set). An empty POST shows the form's error.
    Row("agenda:pdf_check", nothing, SIGNED_IN, SIGNED_IN),
    # A version as an OpenDocument text: for whoever reads the version.
    Row(
        "agenda:agenda_version_odt",
        agenda_version(State.CONSULTATION),
        VERSION_READERS,
        VERSION_READERS,
    ),
    # Tracked actions, after ratification. An empty POST on an action shows the form's
    # errors to whoever may post.
    Row("agenda:tracking_overview", ratified_and(), FOLLOWERS, FOLLOWERS),
    Row("agenda:tracking_team", ratified_and(1), FOLLOWERS, FOLLOWERS),
    Row("agenda:tracking_partner", ratified_and("KB"), FOLLOWERS, FOLLOWERS),
    Row("agenda:tracking_quarter", ratified_and(), FOLLOWERS, FOLLOWERS),
    Row("agenda:tracked_action", tracked_action_of_team_1, FOLLOWERS, UPDATE_POSTERS),
    Row("agenda:tracking_export", ratified_and("xlsx"), FOLLOWERS, GET_ONLY),
    Row("agenda:progress_update_document", update_with_a_document, FOLLOWERS, GET_ONLY),
    Row("agenda:tracking_import", ratified_and(), UPDATE_IMPORTERS, UPDATE_IMPORTERS),
    # Progress reports: for whoever follows the actions; the coordinators make one (an
    # empty POST shows the form's errors) and make it final after a confirmation (its PDF
    # not made yet: back to the report with a message). A PDF still being made sends its
    # readers to the report's page; a coordinator's POST asks for it again.
    Row("agenda:progress_reports", ratified_and(), FOLLOWERS, REPORT_MAKERS),
    # Its POST makes the report again with today's figures: coordinators only.
    Row(
        "agenda:progress_report",
        progress_report_of_q1,
        FOLLOWERS,
        answered(REPORT_MAKERS, 302),
    ),
    Row(
        "agenda:progress_report_pdf",
        progress_report_of_q1,
        answered(FOLLOWERS, 302),
        answered(REPORT_MAKERS, 302),
    ),
    Row(
        "agenda:progress_report_final",
        progress_report_of_q1,
        REPORT_MAKERS,
        answered(REPORT_MAKERS, 302),
    ),
    # Carrying unfinished actions into the next edition: the coordinators (an empty POST
    # is answered with the page and what is wrong).
    Row("agenda:carry_over", nothing, COORDINATORS, COORDINATORS),
    Row(
        "agenda:tracking_public",
        ratified_and(),
        PUBLIC_PROGRESS,
        dict.fromkeys(EVERYONE, 405),
    ),
]

ROWS = {row.name: row for row in MATRIX}
CASES = [
    pytest.param(row.name, method, statuses, id=f"{row.name}-{method}")
    for row in MATRIX
    for method, statuses in (("GET", row.get), ("POST", row.post))
]


def url_names(patterns=None, namespace=""):
    """Every named URL pattern of the project, as ``reverse`` takes its name."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            nested = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from url_names(pattern.url_patterns, nested)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_name_has_a_row_in_the_matrix():
    # Django's admin site is left out: its pages are guarded by the admin's own staff
    # check, not by the portal's policy, and its URL names (one set per registered
    # model) are Django's.
    names = {name for name in url_names() if name.split(":")[0] != "admin"}
    assert len(MATRIX) == len(ROWS), "a URL name has two rows"
    missing = sorted(names - ROWS.keys())
    assert not missing, f"URL names without a row in the permission matrix: {missing}"
    stale = sorted(ROWS.keys() - names)
    assert not stale, f"Rows for URL names the project no longer has: {stale}"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents are stored for this test only."""
    settings.MEDIA_ROOT = tmp_path


def signed_in(user):
    """A client for ``user`` as if they have been working (see the ``as_user`` fixture)."""
    browser = Client()
    browser.force_login(user)
    session = browser.session
    session[RenewSessionMiddleware.KEY] = int(time.time())
    session.save()
    return browser


def refusal(response, method, url, role, expected):
    """What is wrong with ``response`` against the matrix's ``expected``; None if nothing."""
    where = f"{method} {url} as {role}: expected {expected}, got {response.status_code}"
    location = response.get("Location", "")
    login = reverse("login")
    if expected == LOGIN:
        if response.status_code != 302 or not location.startswith(login):
            return f"{where} to {location or '-'}"
    elif response.status_code != expected:
        return where
    elif expected == 302 and location.startswith(login):  # sent on, not asked to log in
        return f"{where} to the login page"
    return None


@pytest.mark.parametrize(("name", "method", "expected"), CASES)
def test_permission_matrix(cast, name, method, expected):
    """The objects are built once per URL and method; each role's request runs in a
    savepoint that is rolled back (with the cache emptied), so no role's POST changes
    what another role's request reads, as if each had a fresh database."""
    url = reverse(name, args=ROWS[name].args(cast))
    failures = []
    for role in EVERYONE:
        with transaction.atomic():
            cache.clear()
            browser = Client() if role == ANON else signed_in(cast[role])
            response = browser.get(url) if method == "GET" else browser.post(url, data={})
            failures.append(refusal(response, method, url, role, expected[role]))
            transaction.set_rollback(True)
    assert not any(failures), "\n".join(filter(None, failures))


def wrong_partner(cast):
    """A real token of VOB's link, while VOB's representative answered first."""
    invitation, token = vob_invitation(cast)
    partner_response_record(
        version=invitation.version,
        user=cast["partner"],
        partner=invitation.partner,
        verdict="agree",
        text="",
    )
    return token


def wrong_version(cast):
    """A real token of VOB's link on a version that a newer one replaced."""
    _invitation, token = vob_invitation(cast)
    coordinator = cast["coordinator"]
    take_review_step(obj=factories.contribution(2), user=coordinator, step="reopen")
    approve_chapter(2, coordinator, text="<p>Een nieuwe tekst.</p>")
    agenda_compile(edition=Edition.objects.current(), user=coordinator)
    return token


@pytest.mark.parametrize("scope", [wrong_partner, wrong_version], ids=["partner", "version"])
@pytest.mark.parametrize("role", EVERYONE)
def test_a_link_for_the_wrong_partner_or_version_never_shows_the_form(
    client, as_user, cast, role, scope
):
    token = scope(cast)
    browser = client if role == ANON else as_user(cast[role])
    for response in (
        browser.get(reverse("agenda:answer_link", args=[token])),
        browser.post(reverse("agenda:answer_link", args=[token]), {"verdict": "objection"}),
    ):
        assert response.status_code == 404
        assert 'name="verdict"' not in response.content.decode()
    assert browser.get(reverse("agenda:answer_link_pdf", args=[token])).status_code == 404


# What the matrix does not show: where a right comes from.


def test_global_team_permission_opens_no_chapter(client, contribution):
    """A model-wide grant of write_team is not what opens a team's chapter."""
    user = factories.outsider()
    user.user_permissions.add(Permission.objects.get(codename=TeamPerm.WRITE))
    user.user_permissions.add(Permission.objects.get(codename=TeamPerm.READ))
    user = type(user).objects.get(pk=user.pk)  # fresh permission cache
    assert user.has_perm(f"teams.{TeamPerm.WRITE}")
    assert not has_team_perm(user, contribution.team, TeamPerm.WRITE)
    assert readable_team_ids(user) == set()
    client.force_login(user)
    assert (
        client.get(reverse("agenda:contribution_edit", args=[contribution.pk])).status_code == 404
    )


def test_object_permission_on_one_team_does_not_open_another(db):
    user = factories.writer()
    assert has_team_perm(user, Team.objects.get(number=1), TeamPerm.WRITE)
    assert not has_team_perm(user, Team.objects.get(number=2), TeamPerm.READ)


def test_membership_is_group_membership(db):
    user = factories.member()
    team = Team.objects.get(number=1)
    assert not has_team_perm(user, team, TeamPerm.WRITE)
    assert user.groups.filter(team_group__team=team, team_group__role="member").exists()

    from teams.services import membership_remove, membership_set

    membership_set(team=team, user=user, role=Membership.Role.WRITER)
    user = type(user).objects.get(pk=user.pk)
    assert has_team_perm(user, team, TeamPerm.WRITE)
    membership_remove(membership=Membership.objects.get(user=user, team=team))
    user = type(user).objects.get(pk=user.pk)
    assert team_perms_empty(user, team)


def team_perms_empty(user, team):
    return not any(has_team_perm(user, team, perm) for perm in TeamPerm)


def test_direct_object_grant_to_a_user_counts(db):
    """Guardian user grants work too (used for one-off read-alongs by an administrator)."""
    user = factories.outsider()
    team = Team.objects.get(number=3)
    assign_perm(f"teams.{TeamPerm.READ}", user, team)
    assert has_team_perm(user, team, TeamPerm.READ)
    assert readable_team_ids(user) == {team.pk}
