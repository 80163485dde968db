"""The home page of everyone who is logged in: *Voor u* and the task list."""

from django.shortcuts import render

from agenda.models import Edition
from agenda.permissions import can_view_overview
from agenda.selectors.for_you import for_you
from agenda.selectors.task_list import task_list
from infra.models import SitePage


def home(request):
    """*Voor u* (what waits on this person), the task list of the twelve chapters and the
    timeline; the about text folded. A constant number of queries."""
    user = request.user
    edition = Edition.objects.current_or_404()
    return render(
        request,
        "agenda/home.html",
        {
            "edition": edition,
            **task_list(user, edition),
            "milestones": edition.milestones.all(),
            "can_view_overview": can_view_overview(user),
            "for_you": for_you(user),
            "about": SitePage.objects.filter(slug="over-de-netwerkagenda").first(),
        },
    )
