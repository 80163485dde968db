import pytest

from tests import factories

ROLES = ["writer", "member", "read_along", "coordinator", "partner", "outsider"]


@pytest.fixture
def cast(db):
    """One user per role, all around team 1."""
    return {
        "writer": factories.writer(username="writer"),
        "member": factories.member(username="member"),
        "read_along": factories.read_along(username="read_along"),
        "coordinator": factories.coordinator(username="coordinator"),
        "partner": factories.partner_rep("VOB", username="partner"),
        "outsider": factories.outsider(username="outsider"),
    }


@pytest.fixture
def contribution(db):
    return factories.contribution(1)


@pytest.fixture
def as_user(client):
    """Log ``user`` in as if they have been working: the session was just renewed, so
    query counts are those of an ordinary request (see RenewSessionMiddleware)."""

    def login(user):
        import time

        from infra.middleware import RenewSessionMiddleware

        client.force_login(user)
        session = client.session
        session[RenewSessionMiddleware.KEY] = int(time.time())
        session.save()
        return client

    return login


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts without what an earlier one cached (ids come back after a rollback)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing is deliberately slow; tests only need it to work."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Tests about PDFs: the PDF modules, and these single tests elsewhere.
PDF_MODULES = {"test_pdf.py", "test_pdf_robustness.py"}
PDF_TESTS = {
    "tests/test_input_limits.py::test_hostile_chapter_is_flattened_approved_compiled_and_printed",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in PDF_MODULES or item.nodeid in PDF_TESTS:
            item.add_marker(pytest.mark.pdf)


class _NotRendered:
    """Stands in for a PDF task outside PDF tests: enqueued, never run."""

    def enqueue(self, **kwargs):
        return None


@pytest.fixture(autouse=True)
def _pdfs_only_where_tested(request, monkeypatch):
    """Compiling and every governance step enqueue the agenda's PDF, and rendering twelve
    chapters takes seconds. Unless a test is marked ``pdf``, the PDF tasks are not run
    (the PDF stays "being made"); mail still runs. A plain stand-in, not a second task
    backend, so that the live server's and the race tests' threads see it too.
    """
    if request.node.get_closest_marker("pdf"):
        return
    from agenda.pdf.tasks import RENDER_TASKS

    for model, (_task, argument) in list(RENDER_TASKS.items()):
        monkeypatch.setitem(RENDER_TASKS, model, (_NotRendered(), argument))


def reseed_domain_facts():
    """Run the seed data migrations again (they are idempotent).

    Transactional tests (browser and concurrency tests) flush the database after
    each test, and with it the rows the data migrations put there.
    """
    import importlib

    from django.apps import apps

    class CurrentApps:
        """The app registry as the seed migrations knew it: the site pages were a model
        of ``partners`` then (``infra.0001`` moved them)."""

        def get_model(self, app_label, model_name):
            if (app_label, model_name) == ("partners", "SitePage"):
                app_label = "infra"
            return apps.get_model(app_label, model_name)

    for module in (
        "partners.migrations.0002_seed_partners",
        "teams.migrations.0002_seed_teams",
        "agenda.migrations.0002_seed_edition",
        "agenda.migrations.0005_seed_network_texts",
        "agenda.migrations.0011_milestone_ends",
        "agenda.migrations.0013_milestone_role",
        "partners.migrations.0004_seed_site_pages",
        "partners.migrations.0005_seed_about_page",
        "partners.migrations.0006_site_page_history",
    ):
        importlib.import_module(module).seed(CurrentApps(), None)


requires_postgresql = pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason=(
        "PostgreSQL behaviour (row locks, Dutch full-text search, a worker thread with a "
        "connection of its own, server processes sharing the test database); CI runs "
        "these on PostgreSQL"
    ),
)
