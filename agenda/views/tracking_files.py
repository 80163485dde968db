"""The tracked actions as a spreadsheet for whoever follows them, the documents of their
updates, and the coordinators' import of progress updates from a CSV file
(``tracking.imports``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from agenda.exports.tracking import (
    tracked_action_rows,
    tracked_actions_csv,
    tracked_actions_xlsx,
)
from agenda.forms.tracking import UpdatesImportForm
from agenda.models import ProgressUpdate
from agenda.permissions import can_follow_actions
from agenda.tracking.imports import MAX_BYTES, ImportRefused, updates_import
from agenda.tracking.rules import can_import_updates
from agenda.tracking.selectors import followed_version
from agenda.views.exports import EXPORTS
from infra.forms import error_summary

WRITERS = {"csv": tracked_actions_csv, "xlsx": tracked_actions_xlsx}


@require_safe
def progress_update_document(request, pk):
    """The document of a progress update, for whoever may follow its action; else 404."""
    update = get_object_or_404(ProgressUpdate.objects.select_related("action__version"), pk=pk)
    if not update.document or not can_follow_actions(request.user, update.action.version):
        raise Http404
    if not update.document.storage.exists(update.document.name):  # a restore without media
        raise Http404
    return FileResponse(
        update.document.open("rb"),
        as_attachment=True,
        filename=update.document_name,
        content_type=update.document_type,
    )


@require_safe
def tracking_export(request, fmt):
    """Every tracked action the user follows, with status, progress and last update."""
    if fmt not in WRITERS:
        raise Http404
    version = followed_version(request.user)
    content = WRITERS[fmt](tracked_action_rows(request.user, version))
    response = HttpResponse(content, content_type=EXPORTS[fmt][0])
    name = f"{version.edition.slug}-acties-in-uitvoering-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def tracking_import(request):
    """The upload form; a file with errors is shown back with every error by row and
    column, and nothing imported."""
    version = followed_version(request.user)
    if not can_import_updates(request.user, version):
        raise PermissionDenied(_("Only coordinators import updates."))
    form = UpdatesImportForm()
    errors = []
    if request.method == "POST":
        form = UpdatesImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                count = updates_import(
                    version=version,
                    user=request.user,
                    data=form.cleaned_data["file"].read(MAX_BYTES + 1),
                )
            except ImportRefused as refused:
                errors = refused.errors
            else:
                messages.success(
                    request,
                    ngettext("%(count)s update imported.", "%(count)s updates imported.", count)
                    % {"count": count},
                )
                return redirect("agenda:tracking_overview")
    summary = error_summary(form) + [
        {
            "id": f"import-error-{index}",
            "label": _("Row %(number)s") % {"number": error.row}
            + (f", {error.column}" if error.column else "")
            if error.row
            else "",
            "message": error.message,
        }
        for index, error in enumerate(errors, 1)
    ]
    return render(
        request,
        "agenda/tracking_import.html",
        {
            "version": version,
            "form": form,
            "errors": errors,
            "error_list": summary,
            "current": "import",
        },
    )
