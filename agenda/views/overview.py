"""The coordinators' overview of all twelve chapters."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from agenda.exports.spreadsheets import action_rows, as_csv, as_xlsx
from agenda.forms import StateFilter
from agenda.models import Contribution, Edition
from agenda.selectors.legacy import completeness
from partners.models import SystemProvision
from teams.permissions import is_coordinator


def overview(request):
    if not is_coordinator(request.user):
        raise PermissionDenied(_("The overview is for coordinators."))
    edition = Edition.objects.current_or_404()
    form = StateFilter(request.GET or None)
    contributions = (
        Contribution.objects.for_edition(edition)
        .in_agenda_order()
        .without_text()
        .with_open_comments()
    )
    if form.is_valid() and form.cleaned_data["status"]:
        contributions = contributions.filter(state=form.cleaned_data["status"])
    provisions = list(SystemProvision.objects.all())
    rows = [{"contribution": c, "aspects": completeness(c, provisions)} for c in contributions]
    next_milestone = edition.milestones.filter(date__gte=timezone.localdate()).first()
    return render(
        request,
        "agenda/overview.html",
        {
            "edition": edition,
            "form": form,
            "rows": rows,
            "next_milestone": next_milestone,
        },
    )


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
