"""Pages around the agenda: the welcome page for visitors who are not logged in, the
timeline and the programme teams. Readable without logging in; what a visitor sees
depends on whether they are logged in, never on more."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from agenda import views as agenda_views
from agenda.models import AgendaVersion, Contribution, Edition
from agenda.print import consented_name
from agenda.search import search
from agenda.selectors import task_status, with_task_status
from agenda.selectors import timeline as timeline_phases
from partners.models import SitePage
from teams.models import KIND_GROUPS, Membership

ABOUT = "over-de-netwerkagenda"  # the site page that explains the agenda


@login_not_required
def home(request):
    """Logged in: the task list (``agenda.views.home``). Otherwise a welcome: what the
    Netwerkagenda is, links to the timeline and the teams, the ratified agenda when it
    is public, and the way to log in."""
    if request.user.is_authenticated:
        return agenda_views.home(request)
    edition = Edition.objects.current_or_404()
    ratified = None
    if settings.PUBLIC_FINAL_AGENDA:
        ratified = (
            AgendaVersion.objects.for_edition(edition)
            .filter(state=AgendaVersion.State.RATIFIED)
            .select_related("pdf")
            .first()
        )
    return render(
        request,
        "portal/welcome.html",
        {
            "edition": edition,
            "about": SitePage.objects.filter(slug=ABOUT).first(),
            "ratified": ratified,
        },
    )


@login_not_required
def timeline(request):
    """The edition's milestones as a timeline: the current phase marked "u bent hier",
    each phase with its date and who acts by then."""
    edition = Edition.objects.current_or_404()
    return render(
        request, "portal/timeline.html", {"edition": edition, "phases": timeline_phases(edition)}
    )


@login_not_required
def team_index(request):
    """The twelve programme teams by kind, each with its organisations; logged-in users
    also see the participants (named only with their consent) and where the chapter
    stands. Three queries, however many members."""
    edition = Edition.objects.current_or_404()
    signed_in = request.user.is_authenticated
    chapters = with_task_status(
        Contribution.objects.for_edition(edition).in_agenda_order().without_text()
    )
    members: dict[int, list[Membership]] = {}
    for membership in Membership.objects.select_related("user__organisation").order_by(
        "team__number", "role", "user__last_name", "user__first_name"
    ):
        members.setdefault(membership.team_id, []).append(membership)
    teams = []
    for chapter in chapters:
        people = members.get(chapter.team_id, [])
        organisations = {m.user.organisation for m in people if m.user.organisation_id}
        teams.append(
            {
                "team": chapter.team,
                "status": task_status(chapter) if signed_in else None,
                "organisations": sorted(organisations, key=lambda o: o.name),
                "participants": [
                    {
                        "name": consented_name(m.user),
                        "organisation": m.user.organisation,
                        "role": m.get_role_display(),
                    }
                    for m in people
                ]
                if signed_in
                else [],
            }
        )
    groups = [(label, [t for t in teams if t["team"].kind == kind]) for kind, label in KIND_GROUPS]
    return render(
        request,
        "portal/team_index.html",
        {"edition": edition, "groups": groups, "signed_in": signed_in},
    )


def search_page(request):
    """One search box over what the user may read (``agenda.search``); the results say
    what kind of text each is and show the words found."""
    edition = Edition.objects.current_or_404()
    text = request.GET.get("q", "").strip()
    hits = search(request.user, text, edition) if text else []
    return render(
        request,
        "portal/search.html",
        {"text": text, "hits": hits, "too_short": 0 < len(text) < 2},
    )
