"""The coordinators' overview of all twelve chapters."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda.forms import StateFilter
from agenda.models import Contribution, Edition
from agenda.permissions import can_view_overview
from agenda.texts.aspects import completeness
from partners.models import SystemProvision


def overview(request):
    """The twelve chapters with their state, last change, size per part
    (``aspects.completeness``) and open comments; filtered by state."""
    if not can_view_overview(request.user):
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
    rows = [
        {"contribution": c, "parts": completeness(c.word_counts, provisions)} for c in contributions
    ]
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
