"""Carrying the previous edition's unfinished actions into the current edition's
chapters (``tracking.carry_over``): a list with a checkbox per action."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agenda.errors import AgendaError
from agenda.models import Edition
from agenda.tracking.carry_over import actions_carry_over, unfinished_actions
from agenda.tracking.rules import can_carry_over


def carry_over(request):
    if not can_carry_over(request.user):
        raise PermissionDenied(_("Only coordinators carry actions into the next edition."))
    edition = Edition.objects.current_or_404()
    previous = Edition.objects.before(edition)
    error = None
    if request.method == "POST":
        chosen = [int(pk) for pk in request.POST.getlist("actie") if pk.isdigit()]
        try:
            count = actions_carry_over(user=request.user, edition=edition, chosen=chosen)
        except AgendaError as refused:
            error = str(refused)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s action carried into its chapter.",
                    "%(count)s actions carried into the chapters.",
                    count,
                )
                % {"count": count},
            )
            return redirect("agenda:carry_over")
    return render(
        request,
        "agenda/carry_over.html",
        {
            "edition": edition,
            "previous": previous,
            "actions": list(unfinished_actions(previous)) if previous else [],
            "error_list": [{"id": "carry-over-actions", "label": "", "message": error}]
            if error
            else [],
        },
    )
