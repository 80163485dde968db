"""The public progress page: per team the ratified agenda's actions with their status
and progress and only the update texts marked public, for anyone while the site
publishes the ratified agenda (``PUBLIC_FINAL_AGENDA``)."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agenda.tracking.rules import can_read_public_progress
from agenda.tracking.selectors import public_progress, public_version


@login_not_required
@require_safe
def tracking_public(request):
    if not can_read_public_progress(request.user):
        raise Http404
    version = public_version()
    return render(
        request,
        "agenda/tracking_public.html",
        {"version": version, "teams": public_progress(version)},
    )
