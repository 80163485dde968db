"""One place per rule: the agenda's rules in ``agenda.permissions``, read once per page,
visibility as a queryset, domain facts read from the data, HTTP revalidation by Django."""

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

import agenda.governance.machine
import agenda.permissions
import agenda.review.machine
import teams.models
import teams.permissions
from agenda.governance.compiling import agenda_compile
from agenda.models import AgendaVersion, Comment, Edition, NetworkText, deciding_partners
from agenda.pdf.tasks import render_version_pdf
from agenda.permissions import agenda_versions_visible_to, can_view_agenda_version
from agenda.review.services import take_review_step
from agenda.services import network_text_save
from partners.models import Partner
from teams.models import Membership
from teams.services import membership_set
from tests import factories
from tests.agenda_helpers import approve_chapter, fill

State = AgendaVersion.State

AGENDA_RULES = [
    "can_resolve_comment",
    "is_participant",
    "represented_partners",
    "can_represent",
    "can_view_agenda_version",
    "agenda_versions_visible_to",
    "check_agenda_version",
    "can_take_review_step",
    "review_steps_for",
    "review_refusal",
    "can_take_governance_step",
    "can_compile",
    "writers_of",
    "editable_by",
]


@pytest.mark.parametrize("name", AGENDA_RULES)
def test_agenda_rules_live_in_agenda_permissions_only(name):
    assert callable(getattr(agenda.permissions, name))
    assert not hasattr(teams.permissions, name)
    assert not hasattr(agenda.review.machine, name)
    assert not hasattr(agenda.governance.machine, name)


def test_team_permissions_know_nothing_of_partners_or_the_agenda():
    source = Path(teams.permissions.__file__).read_text(encoding="utf-8")
    imports = [line for line in source.splitlines() if line.startswith(("from ", "import "))]
    assert not [line for line in imports if "agenda" in line or "partners" in line]


# A page's queries do not grow with its data.


def add_comments(contribution, count):
    """``count`` comments by as many different authors; every third one resolved."""
    aspects = [aspect for aspect, _label in contribution.aspect_choices()]
    resolver = factories.UserFactory()
    for i in range(count):
        resolved = i % 3 == 0
        Comment.objects.create(
            contribution=contribution,
            aspect=aspects[i % len(aspects)],
            author=factories.UserFactory(),
            body=f"Opmerking {i}",
            resolved_at=timezone.now() if resolved else None,
            resolved_by=resolver if resolved else None,
        )


@pytest.mark.parametrize(
    ("role", "may_resolve"), [("writer", True), ("member", False), ("coordinator", True)]
)
def test_chapter_page_queries_do_not_grow_with_comments(
    as_user, cast, contribution, role, may_resolve, django_assert_num_queries
):
    fill(contribution, cast["writer"])
    client = as_user(cast[role])
    url = reverse("agenda:contribution", args=[contribution.pk])
    add_comments(contribution, 3)
    client.get(url)  # the session and the content types are read once, before counting
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_comments(contribution, 27)
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    shown = contribution.comments.filter(resolved_at__isnull=True).count()  # ≤ 5 per aspect
    assert html.count("portal-comment__meta") == shown == 20
    resolve_buttons = html.count("/afgehandeld/") + html.count("/heropenen/")
    assert resolve_buttons == (shown if may_resolve else 0)


# Who sees which agenda version: one rule, as a queryset.


@pytest.fixture
def version(cast):
    return agenda_compile(edition=Edition.objects.current(), user=cast["coordinator"])


@pytest.mark.parametrize(
    ("state", "visible"),
    [
        (State.ROUGH, {"writer", "member", "read_along", "coordinator"}),
        (State.FEEDBACK, {"writer", "member", "read_along", "coordinator"}),
        (State.DEFINITIVE_CONCEPT, {"writer", "member", "read_along", "coordinator", "partner"}),
        (State.CONSULTATION, {"writer", "member", "read_along", "coordinator", "partner"}),
        (State.DECISION, {"writer", "member", "read_along", "coordinator", "partner"}),
        (State.RATIFIED, {"writer", "member", "read_along", "coordinator", "partner", "outsider"}),
    ],
)
def test_visible_to_per_role(cast, version, state, visible):
    AgendaVersion.objects.filter(pk=version.pk).update(state=state)  # set-up only
    version.refresh_from_db()
    for role, user in cast.items():
        listed = agenda_versions_visible_to(user).filter(pk=version.pk).exists()
        assert listed == (role in visible), role
        assert can_view_agenda_version(user, version) == listed, role


@pytest.mark.parametrize("public", [False, True])
def test_anonymous_sees_only_the_ratified_version_and_only_when_public(settings, version, public):
    settings.PUBLIC_FINAL_AGENDA = public
    anonymous = AnonymousUser()
    assert not agenda_versions_visible_to(anonymous).exists()
    AgendaVersion.objects.filter(pk=version.pk).update(state=State.RATIFIED)  # set-up only
    assert agenda_versions_visible_to(anonymous).exists() == public


def test_an_inactive_participant_sees_only_the_ratified_version(cast, version):
    writer = cast["writer"]
    writer.is_active = False
    writer.save()
    assert not agenda_versions_visible_to(writer).exists()
    AgendaVersion.objects.filter(pk=version.pk).update(state=State.RATIFIED)  # set-up only
    assert agenda_versions_visible_to(writer).exists()


def test_a_superseded_version_leaves_the_partners_view(cast, version):
    """A newer version supersedes the older ones for partner representatives; the
    participants keep seeing them (marked *Vervangen*) and the ratified one stays."""
    approve_chapter(2, cast["coordinator"])
    newer = agenda_compile(edition=Edition.objects.current(), user=cast["coordinator"])
    AgendaVersion.objects.update(state=State.DEFINITIVE_CONCEPT)  # set-up only
    version.refresh_from_db()
    assert version.is_superseded and not newer.is_superseded
    for role, user in cast.items():
        listed = set(agenda_versions_visible_to(user).values_list("pk", flat=True))
        assert (version.pk in listed) == (role != "partner" and role != "outsider"), role
        assert can_view_agenda_version(user, version) == (version.pk in listed), role
    assert newer.pk in set(agenda_versions_visible_to(cast["partner"]).values_list("pk", flat=True))

    AgendaVersion.objects.filter(pk=version.pk).update(state=State.RATIFIED)  # set-up only
    version.refresh_from_db()
    assert not version.is_superseded
    for role, user in cast.items():
        assert agenda_versions_visible_to(user).filter(pk=version.pk).exists(), role
        assert can_view_agenda_version(user, version), role


# Domain facts read from the data.


def test_the_deciding_partners_are_the_library_system_partners(db):
    assert [p.code for p in deciding_partners()] == ["VOB", "SPN", "KB"]
    Partner.objects.filter(code="KB").update(kind=Partner.Kind.GOVERNMENT)  # set-up only
    assert [p.code for p in deciding_partners()] == ["VOB", "SPN"]


def test_submit_mail_reaches_whoever_holds_the_coordinate_permission(
    cast, contribution, django_capture_on_commit_callbacks
):
    direct = factories.UserFactory(username="direct", email="direct@example.org")
    assign_perm("teams.coordinate", direct)  # no coordinators' group
    fill(contribution, cast["writer"])
    with django_capture_on_commit_callbacks(execute=True):
        take_review_step(obj=contribution, user=cast["writer"], step="submit")
    (message,) = mail.outbox
    assert "direct@example.org" in message.to
    assert "coordinator@example.org" in message.to


def test_mail_is_in_the_site_language(
    settings, cast, contribution, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "en"
    fill(contribution, cast["writer"])
    with django_capture_on_commit_callbacks(execute=True):
        take_review_step(obj=contribution, user=cast["writer"], step="submit")
    assert mail.outbox[0].subject.startswith("Submitted for review")


# One behaviour for a review step posted from either page.


@pytest.fixture
def submitted_motto(db):
    writer = factories.team_user("writer", number=7)
    motto = NetworkText.objects.get(edition=Edition.objects.current(), kind="motto")
    network_text_save(text=motto, user=writer, body="<p>Samen sterker</p>", base_revision=0)
    return take_review_step(obj=motto, user=writer, step="submit")


def test_network_text_return_without_reason_reshows_the_page_with_the_error(
    as_user, submitted_motto
):
    response = as_user(factories.coordinator()).post(
        reverse("agenda:network_text_review_step", args=["motto", "return"]),
        {"return-reason": "  "},
    )
    assert response.status_code == 200
    assert 'href="#id_return-reason"' in response.content.decode()
    submitted_motto.refresh_from_db()
    assert submitted_motto.state == NetworkText.State.SUBMITTED


def test_network_text_step_outside_the_role_is_403(as_user, submitted_motto):
    member = factories.team_user("member", number=7)
    url = reverse("agenda:network_text_review_step", args=["motto", "approve"])
    assert as_user(member).post(url).status_code == 403
    unknown = reverse("agenda:network_text_review_step", args=["motto", "publish"])
    assert as_user(member).post(unknown).status_code == 404
    submitted_motto.refresh_from_db()
    assert submitted_motto.state == NetworkText.State.SUBMITTED


# PDF revalidation by Django's conditional-request handling.


@pytest.fixture
def ready_version(cast, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("agenda.pdf.storage.render_pdf", lambda html: (b"%PDF-1.7 test", 1))
    approve_chapter(1, cast["coordinator"])
    version = agenda_compile(edition=Edition.objects.current(), user=cast["coordinator"])
    render_version_pdf.call(version_id=version.pk)
    version.refresh_from_db()
    assert version.pdf_ready
    return version


@pytest.mark.parametrize(
    ("if_none_match", "status"),
    [
        ('"{key}"', 304),
        ('W/"{key}"', 304),
        ("*", 304),
        ('"other", W/"{key}"', 304),
        ('"other"', 200),
    ],
)
def test_pdf_revalidation_handles_weak_tags_and_star(
    as_user, cast, ready_version, if_none_match, status
):
    url = reverse("agenda:agenda_pdf", args=[ready_version.pk])
    key = ready_version.pdf.key
    response = as_user(cast["member"]).get(
        url, headers={"If-None-Match": if_none_match.format(key=key)}
    )
    assert response.status_code == status
    assert response["ETag"] == f'"{key}"'
    assert response["Cache-Control"] == "private, no-cache"
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("role", ["member", "partner", "coordinator"])
def test_a_stored_pdf_download_reads_the_users_roles_once(as_user, cast, ready_version, role):
    """Session, user, the user's roles, the version with its PDF: the roles are read in
    one query per request, whichever rules ask."""
    AgendaVersion.objects.filter(pk=ready_version.pk).update(state=State.CONSULTATION)
    client = as_user(cast[role])
    url = reverse("agenda:agenda_pdf", args=[ready_version.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    roles_read = [q["sql"] for q in queries if 'teams_membership" m' in q["sql"]]
    assert len(roles_read) == 1, roles_read
    # A partner's partners are read too, and whether a newer version replaced this one.
    assert len(queries) == (6 if role == "partner" else 4), [q["sql"][:80] for q in queries]


def test_roles_are_kept_on_the_user_until_a_service_changes_them(cast):
    person = cast["outsider"]
    # What Django and guardian keep per process (content types) is read beforehand, by
    # another user's questions, so that only this user's rights are counted.
    agenda.permissions.represented_partners(cast["member"])
    with CaptureQueriesContext(connection) as queries:
        assert not teams.permissions.is_coordinator(person)
        assert not agenda.permissions.is_participant(person)
        assert not teams.permissions.team_ids_with(person, "read_team")
        assert not agenda.permissions.represented_partners(person)
        assert not agenda.permissions.is_participant(person)  # asked again: kept
    assert len(queries) == 3, [q["sql"][:60] for q in queries]  # roles, team rights, partners
    membership_set(team=factories.team(3), user=person, role=Membership.Role.READ_ALONG)
    assert agenda.permissions.is_participant(person)  # the service forgot what was kept
    assert teams.permissions.team_ids_with(person, "read_team") == {factories.team(3).pk}


def test_roles_are_kept_through_the_lazy_request_user(cast):
    """``request.user`` is a lazy object; what is kept reaches the user inside it."""
    from django.utils.functional import SimpleLazyObject

    user = cast["writer"]
    lazy = SimpleLazyObject(lambda: user)
    assert agenda.permissions.is_participant(lazy)
    with CaptureQueriesContext(connection) as queries:
        assert agenda.permissions.is_participant(user)
    assert len(queries) == 0
    teams.permissions.forget_rights(user)
    with CaptureQueriesContext(connection) as queries:
        assert agenda.permissions.is_participant(lazy)
    assert len(queries) == 1


def test_a_superuser_coordinates_but_writes_in_no_team(django_user_model):
    """Superuser status is a global grant: it makes a coordinator (who reads and
    comments everywhere) but opens no team's writing; only memberships do."""
    boss = django_user_model.objects.create_superuser("baas", "baas@example.org", "x")
    assert teams.permissions.is_coordinator(boss)
    assert teams.permissions.team_perms(boss, factories.team(1)) == {"read_team", "comment_team"}
    assert teams.permissions.team_ids_with(boss, "write_team") == set()


def test_roles_agree_with_the_coordinators_query(cast, django_user_model):
    """``roles`` is written in SQL for speed; ``coordinators`` is the same rule in the
    ORM: superusers, the permission through a group or one's own, active people only."""
    from django.contrib.auth.models import Permission

    own = factories.outsider(username="eigen")
    own.user_permissions.add(
        Permission.objects.get(codename="coordinate", content_type__app_label="teams")
    )
    boss = django_user_model.objects.create_superuser("baas", "baas@example.org", "x")
    gone = factories.coordinator(username="weg", is_active=False)
    people = [*cast.values(), own, boss, gone]
    expected = teams.permissions.coordinator_ids()
    assert {own.pk, boss.pk, cast["coordinator"].pk} <= expected
    for person in people:
        person = django_user_model.objects.get(pk=person.pk)
        found = teams.permissions.roles(person)
        assert found.coordinator == (person.pk in expected), person.username
        assert found.member == person.memberships.exists(), person.username


@pytest.mark.parametrize(("page", "reads"), [("home", 1), ("chapter", 2), ("edit", 1)])
def test_a_users_team_rights_are_read_in_one_query_per_request(as_user, cast, page, reads):
    """The user's own rights once; the chapter page reads, in one more query, who may
    read the team (the people a comment may mention)."""
    contribution = factories.contribution(1)
    url = {
        "home": reverse("home"),
        "chapter": contribution.get_absolute_url(),
        "edit": reverse("agenda:contribution_edit", args=[contribution.pk]),
    }[page]
    client = as_user(cast["writer"])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len([q for q in queries if "guardian_" in q["sql"]]) == reads


def test_team_rights_come_from_own_and_group_object_permissions(cast):
    from guardian.shortcuts import assign_perm as grant

    team2, team3 = factories.team(2), factories.team(3)
    person = cast["outsider"]
    grant("teams.read_team", person, team2)  # an object permission of one's own
    assert teams.permissions.team_ids_with(person, "read_team") == {team2.pk}
    membership_set(team=team3, user=person, role=Membership.Role.WRITER)  # through a group
    assert teams.permissions.team_ids_with(person, "write_team") == {team3.pk}
    assert teams.permissions.team_perms(person, team2) == {"read_team"}


def test_team_rights_agree_with_guardians_checker(cast):
    """``_team_grants`` is written in SQL for speed; guardian's checker is the rule."""
    from guardian.core import ObjectPermissionChecker
    from guardian.shortcuts import assign_perm as grant

    own = factories.outsider(username="eigen-recht")
    grant("teams.comment_team", own, factories.team(5))
    membership_set(team=factories.team(5), user=own, role=Membership.Role.WRITER)
    people = [*cast.values(), own]
    all_teams = list(teams.models.Team.objects.all())
    for person in people:
        person = type(person).objects.get(pk=person.pk)
        for team in all_teams:
            expected = {
                perm
                for perm in ObjectPermissionChecker(person).get_perms(team)
                if perm in teams.permissions.TeamPerm.__members__.values()
            }
            if person.is_superuser:
                continue  # guardian's checker opens every object to a superuser; we do not
            got = set(teams.permissions._team_grants(person).get(team.pk, ()))
            assert got == expected, (person.username, team.number)
