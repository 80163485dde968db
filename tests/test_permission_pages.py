"""The pages of review and agenda versions x every role -> the status the policy promises."""

import pytest
from django.urls import reverse

from agenda.models import Edition
from agenda.services import ContributionContent, agenda_compile, contribution_save
from tests.conftest import ROLES

ALL = dict.fromkeys(ROLES, 200)
TEAM = {
    "writer": 200,
    "member": 200,
    "reader": 200,
    "coordinator": 200,
    "partner": 404,
    "outsider": 404,
}
WRITER = {
    "writer": 200,
    "member": 403,
    "reader": 403,
    "coordinator": 403,
    "partner": 404,
    "outsider": 404,
}
PARTICIPANTS = {**TEAM}
COORDINATOR = {role: 403 for role in ROLES} | {"coordinator": 200}

PAGES = {
    "history": TEAM,
    "history_record": TEAM,
    "history_restore": WRITER,
    "overview": COORDINATOR,
    "agenda_versions": ALL,
    "agenda_version_rough": PARTICIPANTS,
    "agenda_compile": COORDINATOR,
    "network_text": PARTICIPANTS,
    "network_text_edit": {
        "writer": 403,
        "member": 403,
        "reader": 403,
        "coordinator": 403,
        "partner": 404,
        "outsider": 404,
    },
}


@pytest.fixture
def objects(cast, contribution):
    contribution_save(
        contribution=contribution,
        user=cast["writer"],
        content=ContributionContent(context="<p>x</p>"),
        base_revision=0,
    )
    version = agenda_compile(edition=Edition.objects.current(), user=cast["coordinator"])
    record = contribution.history.get()
    return {
        "history": reverse("agenda:history", args=[contribution.pk]),
        "history_record": reverse(
            "agenda:history_record", args=[contribution.pk, record.history_id]
        ),
        "history_restore": reverse(
            "agenda:history_restore", args=[contribution.pk, record.history_id]
        ),
        "overview": reverse("agenda:overview"),
        "agenda_versions": reverse("agenda:agenda_versions"),
        "agenda_version_rough": reverse("agenda:agenda_version", args=[version.pk]),
        "agenda_compile": reverse("agenda:agenda_compile"),
        "network_text": reverse("agenda:network_text", args=["motto"]),
        "network_text_edit": reverse("agenda:network_text_edit", args=["motto"]),
    }


@pytest.mark.parametrize(
    ("page", "role", "expected"),
    [(page, role, status) for page, row in PAGES.items() for role, status in row.items()],
)
def test_page_matrix(client, cast, objects, page, role, expected):
    client.force_login(cast[role])
    assert client.get(objects[page]).status_code == expected


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_is_sent_to_login(client, objects, page):
    response = client.get(objects[page])
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
