"""The agenda PDF: content, tags, CONCEPT mark, storage, download, what WeasyPrint may read."""

import io
import re
import socket
import threading

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step, partner_decision_record, partner_response_record
from agenda.models import AgendaVersion, Edition, PartnerDecision
from agenda.pdf.html import version_html
from agenda.pdf.storage import render_pdf, store_pdf
from agenda.pdf.tasks import render_version_pdf
from partners.models import Partner
from teams.models import Team
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


def compiled(coordinator):
    return agenda_compile(edition=Edition.objects.current(), user=coordinator)


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def ratify(version, coordinator):
    for step in ["to_feedback", "to_definitive", "to_consultation"]:
        version = agenda_step(version=version, user=coordinator, step=step)
    for partner in Partner.objects.all():  # establishing needs every constituency's response
        partner_response_record(
            version=version,
            user=factories.partner_rep(partner.code),
            partner=partner,
            verdict="agree_with_remarks",
            text=f"{partner.code} steunt dit.",
        )
    for step in ["establish", "to_decision"]:
        version = agenda_step(version=version, user=coordinator, step=step)
    for code in ["VOB", "SPN", "KB"]:
        partner_decision_record(
            version=version,
            user=factories.partner_rep(code),
            partner=Partner.objects.get(code=code),
            decision=PartnerDecision.Decision.APPROVE,
            note="",
        )
    return agenda_step(version=version, user=coordinator, step="ratify")


@pytest.fixture
def full_agenda(coordinator):
    approve_everything(coordinator)
    return compiled(coordinator)


def test_concept_pdf_content_toc_tags_and_metadata(full_agenda):
    data, page_count = render_pdf(version_html(full_agenda))
    reader = PdfReader(io.BytesIO(data))
    texts = pages_text(data)
    assert len(texts) == page_count
    whole = "\n".join(texts)
    for team in Team.objects.all():
        assert team.name.split(" (")[0][:30] in whole.replace("\n", " "), team.name
    assert all("CONCEPT" in text for text in texts), "CONCEPT on every page"
    assert "Samen sterker" in whole and "pagina 2 van" in whole

    # The table of contents gives the page where each chapter starts.
    toc = next(
        i
        for i, t in enumerate(texts)
        if t.lstrip().startswith(("Inhoud", "Versie")) and "Inhoud" in t
    )
    entries = re.findall(r"^\s*(\d+)\. (.+?)\s*\.{3,}\s*(\d+)\s*$", texts[toc], re.MULTILINE)
    assert len(entries) == 12
    for number, title, page in entries:
        heading = f"{number}. {title[:20]}"
        first = next(
            i
            for i, text in enumerate(texts)
            if i > toc and any(line.startswith(heading) for line in text.splitlines())
        )
        assert first + 1 == int(page), (number, title, page)

    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nl"
    assert reader.metadata.title.startswith("Netwerkagenda 2021-2023")
    assert "OCW" in reader.metadata.author
    outline_titles = [item.title for item in reader.outline if not isinstance(item, list)]
    nested = [
        item.title
        for group in reader.outline
        if isinstance(group, list)
        for item in group
        if not isinstance(item, list)
    ]
    assert "Maatschappelijke opgaven" in outline_titles
    assert any(title.startswith("1. Geletterde samenleving") for title in nested)

    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item.title]

    aspects = [t for t in titles(reader.outline) if t.startswith("1. Context van de opgave")]
    assert len(aspects) == 12  # an aspect bookmark under every chapter


def test_ratified_pdf_has_no_concept_mark(full_agenda, coordinator):
    version = ratify(full_agenda, coordinator)
    assert version.number == "1.0"
    texts = pages_text(render_pdf(version_html(version))[0])
    assert not any("CONCEPT" in text for text in texts)
    assert "Bekrachtigd" in texts[0]
    # The colophon quotes every constituency's response with its verdict.
    colophon = re.sub(r"\s+", " ", " ".join(texts[:4]))
    assert "“KB steunt dit.”" in colophon


def test_chapter_pdf_holds_one_team(coordinator):
    approve_chapter(3, coordinator)
    version = compiled(coordinator)
    team = Team.objects.get(number=3)
    whole = "\n".join(pages_text(render_pdf(version_html(version, only_team=team))[0]))
    assert "Leven lang ontwikkelen" in whole
    assert "Geletterde samenleving" not in whole


def test_same_content_is_rendered_and_stored_once(full_agenda, monkeypatch):
    html = version_html(full_agenda)
    first = store_pdf(html)
    calls = []
    monkeypatch.setattr("agenda.pdf.storage.render_pdf", lambda html: calls.append(html))
    assert store_pdf(html).pk == first.pk
    assert calls == []


def test_task_renders_and_download_serves_the_file_with_etag(as_user, cast, coordinator):
    approve_chapter(1, coordinator)
    version = compiled(coordinator)
    render_version_pdf.call(version_id=version.pk)
    version.refresh_from_db()
    assert version.pdf_status == AgendaVersion.PdfStatus.READY
    client = as_user(cast["member"])
    url = reverse("agenda:agenda_pdf", args=[version.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="netwerkagenda-2021-2023-v0.1.pdf"'
    )
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    etag = response["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert as_user(cast["outsider"]).get(url).status_code == 404


def test_failed_render_is_shown_to_coordinators_with_a_retry(
    as_user, cast, coordinator, monkeypatch
):
    version = compiled(coordinator)

    def broken(html):
        raise RuntimeError("lettertype ontbreekt")

    monkeypatch.setattr("agenda.pdf.tasks.store_pdf", broken)
    render_version_pdf.call(version_id=version.pk)
    url = reverse("agenda:agenda_version", args=[version.pk])
    html = as_user(cast["coordinator"]).get(url).content.decode()
    assert (
        "lettertype ontbreekt" in html
        and reverse("agenda:agenda_pdf_retry", args=[version.pk]) in html
    )
    member_html = as_user(cast["member"]).get(url).content.decode()
    assert "Het maken van de PDF is mislukt." in member_html
    assert "lettertype ontbreekt" not in member_html
    assert (
        as_user(cast["member"])
        .post(reverse("agenda:agenda_pdf_retry", args=[version.pk]))
        .status_code
        == 403
    )


def test_pending_page_updates_its_pdf_area_without_a_page_refresh(as_user, cast, coordinator):
    version = compiled(coordinator)
    html = (
        as_user(cast["member"])
        .get(reverse("agenda:agenda_version", args=[version.pk]))
        .content.decode()
    )
    assert 'http-equiv="refresh"' not in html  # WCAG 2.2.1: no timed page refresh
    assert "data-pdf-pending" in html and "js/pdf-status.js" in html
    assert "De PDF wordt gemaakt" in html


def test_export_agenda_command_writes_the_pdf(full_agenda, tmp_path):
    target = tmp_path / "agenda.pdf.storage"
    out = io.StringIO()
    call_command("export_agenda", "--output", str(target), stdout=out)
    assert target.read_bytes().startswith(b"%PDF")
    assert "Version 0.1" in out.getvalue()
    with pytest.raises(Exception, match=r"No version 9\.9"):
        call_command("export_agenda", "--version", "9.9", "--output", str(target))


def test_final_agenda_download_for_anonymous_only_when_public(
    client, settings, full_agenda, coordinator
):
    version = ratify(full_agenda, coordinator)
    render_version_pdf.call(version_id=version.pk)
    url = reverse("agenda:final_pdf")
    settings.PUBLIC_FINAL_AGENDA = False
    assert client.get(url).status_code == 302
    settings.PUBLIC_FINAL_AGENDA = True
    response = client.get(url)
    assert response.status_code == 200
    assert 'filename="netwerkagenda-2021-2023-v1.0.pdf"' in response["Content-Disposition"]


class RecordingServer:
    """A socket on loopback that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


def test_weasyprint_reads_only_the_portals_static_files(coordinator):
    server = RecordingServer()
    try:
        hostile = (
            f'<p>Hallo <img src="http://127.0.0.1:{server.port}/x.png" alt="x"></p>'
            '<p><img src="file:///etc/passwd" alt="y"></p>'
            f'<style>@import url("http://127.0.0.1:{server.port}/evil.css");</style>'
            f'<link rel="stylesheet" href="http://127.0.0.1:{server.port}/s.css">'
            '<object data="file:///etc/passwd"></object>'
            '<iframe src="file:///etc/passwd"></iframe>'
            '<link rel="attachment" href="file:///etc/passwd">'
        )
        from agenda.models import Contribution

        approve_chapter(1, coordinator)
        version = compiled(coordinator)
        # Put the hostile HTML straight into the frozen record, as if it had slipped past nh3.
        record = version.chapters.get(team__number=1).record
        Contribution.history.filter(pk=record.pk).update(context=hostile)
        html = version_html(version)
        # And into the print HTML itself, to test the fetcher without the sanitiser.
        html = html.replace("</body>", hostile.replace("<p>Hallo", "<p>Hallo2") + "</body>")
        data, _pages = render_pdf(html)
    finally:
        server.close()
    assert server.connections == 0
    text = "\n".join(pages_text(data))
    assert "root:" not in text and "/bin/" not in text
    assert "Hallo" in text  # and the PDF still renders


def test_fetcher_refuses_paths_outside_static():
    from agenda.pdf.storage import STATIC_BASE, StaticOnlyFetcher, static_files

    fetcher = StaticOnlyFetcher(static_files())
    assert fetcher.fetch(STATIC_BASE + "css/print.css").read().startswith(b"/*")
    for url in [
        STATIC_BASE + "../../etc/passwd",
        STATIC_BASE + "%2e%2e/%2e%2e/etc/passwd",
        "file:///etc/passwd",
        "http://127.0.0.1/x",
        "https://example.org/x.css",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


@pytest.mark.django_db(transaction=True)
def test_database_worker_renders_the_pdf(settings):
    """Production path: compiling enqueues in the database; ``db_worker`` renders it.

    Transactional, because the worker closes database connections as it goes.
    """
    from tests.conftest import reseed_domain_facts

    reseed_domain_facts()
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    version = compiled(factories.coordinator())
    version.refresh_from_db()
    assert version.pdf_status == AgendaVersion.PdfStatus.PENDING
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--queue-name", "pdf", stdout=io.StringIO()
    )
    version.refresh_from_db()
    assert version.pdf_status == AgendaVersion.PdfStatus.READY
    assert version.pdf.file.read(4) == b"%PDF"


def test_annex_names_only_people_who_agreed(coordinator):
    agreed = factories.team_user("writer", number=2, first_name="Anna", last_name="Akkoord")
    agreed.name_public = True
    agreed.save()
    factories.team_user("member", number=2, first_name="Geheime", last_name="Naam")
    html = version_html(compiled(coordinator))
    annex = html[html.index('id="bijlage"') :]
    assert "Anna Akkoord" in annex
    assert "Geheime" not in annex
    assert annex.count("Bibliotheek") >= 2  # both organisations are listed


def test_chapter_pdf_download(as_user, cast, coordinator, django_capture_on_commit_callbacks):
    approve_chapter(1, coordinator)
    version = compiled(coordinator)
    url = reverse("agenda:chapter_pdf", args=[version.pk, 1])
    with django_capture_on_commit_callbacks(execute=True):  # the request's commit enqueues
        first = as_user(cast["read_along"]).get(url)
    assert "De PDF wordt gemaakt" in first.content.decode()  # no request renders a PDF
    response = as_user(cast["read_along"]).get(url)  # the task has run meanwhile
    assert response.status_code == 200
    assert "netwerkagenda-2021-2023-v0.1-hoofdstuk-1.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert as_user(cast["outsider"]).get(url).status_code == 404


def test_a_rendering_reports_what_its_child_process_used():
    """The benchmark reads the child's CPU time and memory (not in the parent's)."""
    from agenda.pdf.rendering import child_usages

    with child_usages() as usages:
        data, pages = render_pdf("<html lang='nl'><title>t</title><p>Hallo</p></html>")
    assert data.startswith(b"%PDF") and pages == 1
    assert len(usages) == 1
    assert usages[0].cpu_seconds > 0 and usages[0].max_rss_mb > 10
