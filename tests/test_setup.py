"""Settings, seed data and the demo accounts."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from agenda.models import Contribution, Edition
from agenda.permissions import can_represent
from partners.models import Partner, SystemProvision
from teams.models import Membership, Team
from teams.permissions import TeamPerm, has_team_perm, is_coordinator

ROOT = Path(__file__).resolve().parent.parent


def demo_user(username):
    """The demo account, if it exists and has the documented password."""
    user = get_user_model().objects.filter(username=username).first()
    return user if user is not None and user.check_password("demo-netwerkagenda") else None


PRODUCTION_KEY = "k" * 50
REDIS = "redis://127.0.0.1:6379/0"


def run_settings(expression="s.DATABASES['default']['ENGINE']", **env):
    """Import the settings in a fresh interpreter with only the given variables set."""
    return subprocess.run(
        [sys.executable, "-c", f"import netwerkagenda.settings as s; print({expression})"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
    )


def test_debug_is_off_when_the_variable_is_unset():
    result = run_settings(
        "s.DEBUG, s.SESSION_COOKIE_SECURE", SECRET_KEY=PRODUCTION_KEY, REDIS_URL=REDIS
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True"


def test_secret_key_is_required_when_debug_is_off():
    result = run_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_a_short_secret_key_is_refused_when_debug_is_off():
    result = run_settings(SECRET_KEY="k" * 49)
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr
    assert run_settings(SECRET_KEY=PRODUCTION_KEY, REDIS_URL=REDIS).returncode == 0


def test_co_editing_in_production_needs_redis():
    result = run_settings(SECRET_KEY=PRODUCTION_KEY)
    assert result.returncode != 0
    assert "Live co-editing needs REDIS_URL in production" in result.stderr
    assert run_settings(SECRET_KEY=PRODUCTION_KEY, COEDIT_ENABLED="false").returncode == 0


def test_bad_boolean_fails_loudly():
    result = run_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_database_url_selects_postgresql():
    result = run_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/test", DEBUG="true")
    assert result.stdout.strip() == "django.db.backends.postgresql"
    assert (
        run_settings(DATABASE_URL="", DEBUG="true").stdout.strip() == "django.db.backends.sqlite3"
    )


def test_database_connections_persist_and_are_checked_before_reuse():
    result = run_settings(
        "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS']",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        SECRET_KEY=PRODUCTION_KEY,
        REDIS_URL=REDIS,
    )
    assert result.stdout.strip() == "60 True"


def test_seed_data_holds_the_domain_facts(db):
    assert list(Partner.objects.values_list("code", flat=True)) == [
        "OCW",
        "IPO",
        "VNG",
        "VOB",
        "SPN",
        "KB",
    ]
    assert list(SystemProvision.objects.values_list("represented_by__code", flat=True)) == [
        "VOB",
        "SPN",
        "KB",
    ]
    teams = list(Team.objects.all())
    assert [t.number for t in teams] == list(range(1, 13))
    assert [t.kind for t in teams[:3]] == [Team.Kind.SOCIETAL_TASK] * 3
    assert all(t.kind == Team.Kind.SYSTEM_CHALLENGE for t in teams[3:])
    assert teams[6].name.startswith("Samenwerking") and teams[6].owns_network_texts
    edition = Edition.objects.current()
    assert edition.name == "Netwerkagenda 2021-2023" and edition.programme_year == 2021
    assert edition.milestones.count() == 7
    assert Contribution.objects.for_edition(edition).count() == 12
    assert all(c.is_empty() for c in Contribution.objects.all())


def test_seed_demo_creates_every_role_and_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    team1 = Team.objects.get(number=1)
    for username, role in [
        ("writer", "writer"),
        ("member", "member"),
        ("read_along", "read_along"),
    ]:
        user = demo_user(username)
        assert user is not None
        assert Membership.objects.get(user=user, team=team1).role == role
    writer = demo_user("writer")
    assert has_team_perm(writer, team1, TeamPerm.WRITE)
    read_along = demo_user("read_along")
    assert read_along.organisation.partner.code == "VNG"
    assert is_coordinator(demo_user("coordinator"))
    for partner in Partner.objects.all():
        rep = demo_user(partner.code.lower())
        assert rep.partner == partner and can_represent(rep, partner)
        others = Partner.objects.exclude(pk=partner.pk)
        assert not any(can_represent(rep, other) for other in others)
    current = Contribution.objects.for_edition(Edition.objects.current())
    chapters = {c.team.number: c for c in current.select_related("team")}
    # Run twice, made once: one history record per draft, three (saved, submitted,
    # approved) per approved chapter; only teams 1, 5 and 7 are left to write.
    assert {n for n, c in chapters.items() if c.state == "concept"} == {1, 5, 7}
    assert all(chapters[n].history.count() == 1 for n in (1, 5, 7))
    assert all(c.history.count() == 3 for n, c in chapters.items() if n not in (1, 5, 7))


def test_seed_demo_is_refused_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refused when DEBUG is off"):
        call_command("seed_demo")
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert demo_user("writer") is not None


def test_a_representative_acts_for_one_partner_only(db):
    from teams.services import representative_set
    from tests import factories

    user = factories.partner_rep("VOB")
    representative_set(user=user, partner=Partner.objects.get(code="KB"))
    user = type(user).objects.get(pk=user.pk)
    assert can_represent(user, Partner.objects.get(code="KB"))
    assert not can_represent(user, Partner.objects.get(code="VOB"))


def test_the_demo_can_be_taken_to_a_ratified_agenda(db, settings):
    """What the README's walk through the demo does, through the same services the
    pages call: the three demo writers submit, the coordinator approves and compiles a
    version without placeholders, and the governance reaches 1.0 with the demo
    partners' answers."""
    from agenda.governance.compiling import agenda_compile
    from agenda.governance.services import (
        agenda_step,
        partner_decision_record,
        partner_response_record,
    )
    from agenda.models import AgendaVersion, PartnerDecision, PartnerResponse
    from agenda.review.services import take_review_step
    from tests.agenda_helpers import fill

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    coordinator = demo_user("coordinator")
    edition = Edition.objects.current()
    for number, writer in [(1, "writer"), (5, "writer5"), (7, "writer7")]:
        chapter = Contribution.objects.get(edition=edition, team__number=number)
        if chapter.missing_parts():  # the demo leaves these to write, as the README says
            fill(chapter, demo_user(writer))
        take_review_step(obj=chapter, user=demo_user(writer), step="submit")
        take_review_step(obj=chapter, user=coordinator, step="approve")
    assert set(Contribution.objects.values_list("state", flat=True)) == {"approved"}
    version = agenda_compile(edition=edition, user=coordinator)
    assert not [chapter for chapter in version.chapters.all() if chapter.is_placeholder]
    for step in ["to_feedback", "to_definitive", "to_consultation"]:
        version = agenda_step(version=version, user=coordinator, step=step)
    for partner in Partner.objects.all():
        partner_response_record(
            version=version,
            user=demo_user(partner.code.lower()),
            partner=partner,
            verdict=PartnerResponse.Verdict.AGREE,
            text="",
        )
    for step in ["establish", "to_decision"]:
        version = agenda_step(version=version, user=coordinator, step=step)
    for code in ["VOB", "SPN", "KB"]:
        partner_decision_record(
            version=version,
            user=demo_user(code.lower()),
            partner=Partner.objects.get(code=code),
            decision=PartnerDecision.Decision.APPROVE,
            note="",
        )
    version = agenda_step(version=version, user=coordinator, step="ratify")
    assert version.state == AgendaVersion.State.RATIFIED and version.number == "1.0"
