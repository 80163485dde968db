"""A chapter as a Word document."""

from django.http import HttpResponse
from django.utils.text import slugify

from agenda.exports.docx import DOCX_TYPE, chapter_docx
from agenda.models import Contribution
from teams.permissions import TeamPerm, get_for_user


def contribution_docx(request, pk):
    """The chapter as it is now, for whoever reads it (a small file made here: no PDF)."""
    contribution = get_for_user(
        request.user, Contribution.objects.select_related("edition", "team"), TeamPerm.READ, pk=pk
    )
    response = HttpResponse(chapter_docx(contribution), content_type=DOCX_TYPE)
    name = slugify(f"{contribution.team.number}-{contribution.team.name}")
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response
