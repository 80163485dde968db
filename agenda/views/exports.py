"""Downloads made in the request (small files, no PDF): the actions of every chapter the
user reads as a spreadsheet, one chapter as a Word document or an OpenDocument text, and
an agenda version as an OpenDocument text."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from agenda.exports.docx import DOCX_TYPE, chapter_docx
from agenda.exports.odf import ODT_TYPE, chapter_odt, version_odt
from agenda.exports.spreadsheets import action_rows, as_csv, as_xlsx
from agenda.governance.selectors import readable_version
from agenda.models import Contribution, Edition
from agenda.pdf.html import version_context
from teams.permissions import TeamPerm, get_for_user

EXPORTS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", as_xlsx),
    "csv": ("text/csv; charset=utf-8", as_csv),
}


def actions_export(request, fmt):
    """Every action of the chapters the user may read, as XLSX or CSV (``exports``)."""
    if fmt not in EXPORTS:
        raise Http404
    content_type, write = EXPORTS[fmt]
    edition = Edition.objects.current_or_404()
    response = HttpResponse(write(action_rows(request.user, edition)), content_type=content_type)
    filename = f"{edition.slug}-acties-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def contribution_docx(request, pk):
    """The chapter as it is now, for whoever reads it (a small file made here: no PDF)."""
    contribution = get_for_user(
        request.user, Contribution.objects.select_related("edition", "team"), TeamPerm.READ, pk=pk
    )
    response = HttpResponse(chapter_docx(contribution), content_type=DOCX_TYPE)
    name = slugify(f"{contribution.team.number}-{contribution.team.name}")
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


def contribution_odt(request, pk):
    """The chapter as it is now as an OpenDocument text (.odt), for whoever reads it."""
    contribution = get_for_user(
        request.user, Contribution.objects.select_related("edition", "team"), TeamPerm.READ, pk=pk
    )
    response = HttpResponse(chapter_odt(contribution), content_type=ODT_TYPE)
    name = slugify(f"{contribution.team.number}-{contribution.team.name}")
    response["Content-Disposition"] = f'attachment; filename="{name}.odt"'
    return response


def agenda_version_odt(request, pk):
    """A whole agenda version as an OpenDocument text, for whoever reads the version."""
    version = readable_version(request.user, pk)
    context = version_context(version, resanitise=False)
    response = HttpResponse(version_odt(version, context), content_type=ODT_TYPE)
    filename = version.filename.removesuffix(".pdf") + ".odt"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
