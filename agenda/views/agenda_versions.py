"""Agenda versions: compile, governance, partner responses and decisions, PDFs, compare."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agenda.forms import (
    AgendaCompareForm,
    AgendaStepForm,
    CommentForm,
    NoResponseForm,
    PartnerDecisionForm,
    PartnerResponseForm,
)
from agenda.governance.machine import STEP_DONE, Step, next_steps, process_steps
from agenda.models import AgendaVersion, Contribution, Edition, PartnerDecision, deciding_partners
from agenda.pdf.downloads import serve_pdf
from agenda.pdf.html import version_context
from agenda.permissions import (
    can_give_feedback,
    can_propose_on_version,
    can_represent,
    can_view_agenda_version,
    check_agenda_version,
    is_participant,
    missing_responses,
    open_for_decision,
    open_for_responses,
    represented_partners,
    step_refusal,
    visible_agenda_states,
)
from agenda.selectors.comparisons import compare_chapters, compare_part
from agenda.selectors.legacy import readable_version
from agenda.services import (
    AgendaError,
    agenda_compile,
    agenda_step,
    chapter_pdf_for,
    compile_content,
    feedback_add,
    partner_decision_record,
    partner_no_response_record,
    partner_response_record,
    pdf_retry,
    stored_pdf_or_request,
)
from infra.forms import error_summary
from partners.models import Partner
from teams.models import Team
from teams.permissions import is_coordinator

VERSIONS_PER_PAGE = 10


def agenda_version_list(request):
    """The versions the user reads, newest first, ten to a page."""
    edition = Edition.objects.current_or_404()
    versions = AgendaVersion.objects.for_edition(edition).visible_to(request.user)
    page = Paginator(versions.select_related("compiled_by"), VERSIONS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "agenda/agenda_version_list.html",
        {
            "edition": edition,
            "page": page,
            "can_compile": (can_compile := is_coordinator(request.user)),
            "all_approved_not_compiled": can_compile and _all_approved_not_compiled(edition),
            "is_participant": is_participant(request.user),
            "ratified": versions.filter(state=AgendaVersion.State.RATIFIED).first(),
        },
    )


def _all_approved_not_compiled(edition) -> bool:
    """Every chapter is approved now, and the latest version (if any) has a placeholder
    or an older approval of one of them: time to compile."""
    chapters = Contribution.objects.for_edition(edition)
    if chapters.exclude(state=Contribution.State.APPROVED).exists():
        return False
    content = compile_content(edition)
    return not content.placeholders and content.changes_anything


def agenda_compile_view(request):
    if not is_coordinator(request.user):
        raise PermissionDenied(_("Only coordinators compile the agenda."))
    edition = Edition.objects.current_or_404()
    if request.method == "POST":
        try:
            version = agenda_compile(edition=edition, user=request.user)
        except AgendaError as error:
            messages.error(request, str(error))
            return redirect("agenda:agenda_versions")
        messages.success(
            request, _("Version %(number)s has been compiled.") % {"number": version.number}
        )
        return redirect("agenda:agenda_version", pk=version.pk)
    content = compile_content(edition)
    states = dict(Contribution.objects.for_edition(edition).values_list("team_id", "state"))
    changed = [
        team
        for team in content.teams
        if content.records[team.pk] is not None
        and states.get(team.pk) != Contribution.State.APPROVED
    ]
    return render(
        request,
        "agenda/agenda_compile_confirm.html",
        {
            "edition": edition,
            "content": content,
            "approved_count": len(content.teams) - len(content.placeholders),
            "team_count": len(content.teams),
            "changed_since_approval": changed,
        },
    )


def agenda_version_detail(request, pk, *, bound_form=None, bound_partner=None):
    """A version with its governance as process steps, chapters, responses, decisions
    and PDF; the current step says what it needs and who acts.

    Re-rendered with a bound form (step, response, "no response" or decision) after an
    invalid post.
    """
    version = readable_version(request.user, pk)
    user = request.user
    coordinator = is_coordinator(user)
    represented = represented_partners(user)

    def form_for(form_class, partner):
        if (
            bound_form is not None
            and isinstance(bound_form, form_class)
            and bound_partner == partner
        ):
            return bound_form
        return form_class(prefix=partner.code)

    partners = list(Partner.objects.all())
    responses = {r.partner_id: r for r in version.responses.select_related("recorded_by")}
    not_responded = missing_responses(partners, responses)
    decisions = list(
        version.decisions.select_related("partner", "recorded_by").prefetch_related("teams")
    )
    current = {d.partner.code: d for d in decisions if d.round == version.decision_round}
    deciding = list(deciding_partners())
    chapters = list(
        version.chapters.select_related("team", "record").only(
            "version", "team__number", "team__name", "record__id", "record__history_date"
        )  # the list shows when each chapter was approved, not its text
    )
    history = list(version.history.select_related("history_user").order_by("history_date"))
    feedback = can_give_feedback(user, version)  # on every chapter with a text
    previous = (  # the boards read what changed since it, next to the clean version
        AgendaVersion.objects.for_edition(version.edition)
        .filter(sequence__lt=version.sequence, state__in=visible_agenda_states(user))
        .only("number")
        .order_by("-sequence")
        .first()
    )
    steps = [
        (
            step,
            step_refusal(
                version,
                step,
                chapters=chapters,
                partners=partners,
                responses=responses,
                decisions=decisions,
            ),
        )
        for step in (next_steps(version) if coordinator else [])
    ]
    no_response_form = None
    if coordinator and open_for_responses(version) and not_responded:
        if isinstance(bound_form, NoResponseForm):
            no_response_form = bound_form
        else:
            no_response_form = NoResponseForm(
                partners=Partner.objects.filter(pk__in=[p.pk for p in not_responded])
            )
    return render(
        request,
        "agenda/agenda_version_detail.html",
        {
            "version": version,
            "chapters": chapters,
            "feedback": feedback,
            "can_propose": can_propose_on_version(user, version),
            "previous": previous,
            "process_steps": process_steps(version, history),
            "steps": steps,
            "step_form": bound_form if isinstance(bound_form, AgendaStepForm) else AgendaStepForm(),
            "partners": [(p, responses.get(p.pk)) for p in partners],
            "responded": [p for p in partners if p.pk in responses],
            "not_responded": not_responded,
            "show_responses": open_for_responses(version) or bool(responses),
            "response_forms": [
                (p, form_for(PartnerResponseForm, p))
                for p in represented
                if open_for_responses(version)
            ],
            "no_response_form": no_response_form,
            "current_decisions": [(p.code, current.get(p.code)) for p in deciding],
            "board_codes": ", ".join(p.code for p in deciding),
            "placeholders": [c for c in chapters if c.is_placeholder],
            "rejections": [d for d in decisions if d.decision == PartnerDecision.Decision.REJECT],
            "way_back": _way_back(version, decisions, chapters) if coordinator else None,
            "decision_forms": [
                (p, form_for(PartnerDecisionForm, p))
                for p in represented
                if open_for_decision(version, p, deciding=deciding, decided_codes=current)
            ],
            "history": history,
            "is_coordinator": coordinator,
            "error_list": error_summary(bound_form) if bound_form is not None else [],
        },
    )


def _way_back(version, decisions, chapters) -> dict | None:
    """After a board's rejection in the latest round: the chapters to reopen (those the
    rejections name, linked to their page), the rejections themselves and the number of
    the version to compile next. None when the version was not sent back."""
    if version.state != AgendaVersion.State.DEFINITIVE_CONCEPT or not version.decision_round:
        return None
    rejections = [
        d
        for d in decisions
        if d.round == version.decision_round and d.decision == PartnerDecision.Decision.REJECT
    ]
    if not rejections:
        return None
    named = {team.pk for d in rejections for team in d.teams.all()}
    return {
        "chapters": [c for c in chapters if c.team_id in named and not c.is_placeholder],
        "rejections": rejections,
        "next_number": AgendaVersion.objects.for_edition(version.edition_id).next_number(),
    }


@require_POST
def agenda_step_view(request, pk, step):
    version = readable_version(request.user, pk)
    if step not in Step.values:
        raise Http404
    if not is_coordinator(request.user):
        raise PermissionDenied(_("Only coordinators move the agenda through its governance."))
    form = AgendaStepForm(request.POST)
    if not form.is_valid():
        return agenda_version_detail(request, pk, bound_form=form)
    try:
        agenda_step(
            version=version, user=request.user, step=step, reason=form.cleaned_data["reason"]
        )
    except AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, STEP_DONE[Step(step)])
    return redirect("agenda:agenda_version", pk=pk)


@require_POST
def partner_no_response_view(request, pk):
    """A coordinator records that a constituency did not respond, with the reason."""
    version = readable_version(request.user, pk)
    if not is_coordinator(request.user):
        raise PermissionDenied(_("Only coordinators record that a constituency did not respond."))
    form = NoResponseForm(
        request.POST,
        partners=Partner.objects.exclude(pk__in=version.responses.values("partner_id")),
    )
    if not form.is_valid():
        return agenda_version_detail(request, pk, bound_form=form)
    partner = form.cleaned_data["partner"]
    try:
        partner_no_response_record(
            version=version, user=request.user, partner=partner, reason=form.cleaned_data["reason"]
        )
    except AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Recorded that %(partner)s did not respond.") % {"partner": partner.code},
        )
    return redirect("agenda:agenda_version", pk=pk)


def _partner(request, code):
    partner = get_object_or_404(Partner, code=code)
    if not can_represent(request.user, partner):
        raise PermissionDenied(_("You can only act for the partner you represent."))
    return partner


def _record_for_partner(request, pk, code, form_class, record, success):
    """Validate a partner's form and call ``record(version, partner, data)``; the server
    refuses a partner the user does not represent (403) and re-shows invalid input."""
    version = readable_version(request.user, pk)
    partner = _partner(request, code)
    form = form_class(request.POST, prefix=partner.code)
    if not form.is_valid():
        return agenda_version_detail(request, pk, bound_form=form, bound_partner=partner)
    try:
        record(version, partner, form.cleaned_data)
    except AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success % {"partner": partner.code})
    return redirect("agenda:agenda_version", pk=pk)


@require_POST
def partner_response_view(request, pk, code):
    return _record_for_partner(
        request,
        pk,
        code,
        PartnerResponseForm,
        lambda version, partner, data: partner_response_record(
            version=version, user=request.user, partner=partner, **data
        ),
        _("The response of %(partner)s has been recorded."),
    )


@require_POST
def partner_decision_view(request, pk, code):
    return _record_for_partner(
        request,
        pk,
        code,
        PartnerDecisionForm,
        lambda version, partner, data: partner_decision_record(
            version=version, user=request.user, partner=partner, **data
        ),
        _("The decision of %(partner)s has been recorded."),
    )


def agenda_pdf(request, pk):
    # Only what serving needs: whether the version is superseded is read (one query)
    # only for those who do not see superseded versions.
    version = get_object_or_404(AgendaVersion.objects.select_related("edition", "pdf"), pk=pk)
    check_agenda_version(request.user, version)
    if (document := stored_pdf_or_request(version)) is None:
        messages.info(request, _("The PDF is not ready yet."))
        return redirect("agenda:agenda_version", pk=pk)
    return serve_pdf(request, document, version.filename)


def _retry(request, job, back):
    try:
        pdf_retry(job=job, user=request.user)
    except AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("The PDF is being made again."))
    return back


@require_POST
def agenda_pdf_retry(request, pk):
    version = readable_version(request.user, pk)
    if not is_coordinator(request.user):
        raise PermissionDenied
    return _retry(request, version, redirect("agenda:agenda_version", pk=pk))


def _chapter_pdf(request, pk, number):
    """The chapter's PDF job, in the language asked for (``?taal=en``; else the site's)."""
    version = readable_version(request.user, pk)
    team = get_object_or_404(Team, number=number)
    get_object_or_404(version.chapters, team=team, record__isnull=False)
    language = request.GET.get("taal", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return chapter_pdf_for(version=version, team=team, language=language)


def chapter_pdf(request, pk, number):
    """One team's chapter of a version as PDF: made in the background on first request,
    then served from the stored file; while it is made (or failed) a page says so."""
    job = _chapter_pdf(request, pk, number)
    if (document := stored_pdf_or_request(job)) is not None:
        return serve_pdf(request, document, job.filename)
    query = "" if job.language == settings.LANGUAGE_CODE else f"?taal={job.language}"
    return render(
        request,
        "agenda/chapter_pdf.html",
        {
            "job": job,
            "is_coordinator": is_coordinator(request.user),
            "download_url": reverse("agenda:chapter_pdf", args=[pk, number]) + query,
            "retry_url": reverse("agenda:chapter_pdf_retry", args=[pk, number]) + query,
        },
    )


@require_POST
def chapter_pdf_retry(request, pk, number):
    job = _chapter_pdf(request, pk, number)
    if not is_coordinator(request.user):
        raise PermissionDenied
    back = reverse("agenda:chapter_pdf", args=[pk, number])
    if job.language != settings.LANGUAGE_CODE:
        back += f"?taal={job.language}"
    return _retry(request, job, redirect(back))


@login_not_required
def final_agenda_pdf(request):
    """The ratified agenda: for every logged-in user, and for anyone when it is public."""
    version = (
        AgendaVersion.objects.for_edition(Edition.objects.current_or_404())
        .filter(state=AgendaVersion.State.RATIFIED)
        .select_related("pdf", "edition")
        .first()
    )
    if version is not None and not can_view_agenda_version(request.user, version):
        return redirect_to_login(request.get_full_path())
    if version is None:
        raise Http404(_("There is no ratified agenda yet."))
    if (document := stored_pdf_or_request(version)) is None:
        response = render(
            request, "agenda/final_pdf_pending.html", {"version": version}, status=503
        )
        response["Retry-After"] = "60"
        return response
    return serve_pdf(request, document, version.filename)


def agenda_compare(request):
    """Two versions of the agenda, chosen by the user (the newest two at first): the
    list of parts (motto, manifesto, chapters) that changed, each linking to its diff.

    No text is read or compared here, so the page costs the same however many
    versions there are; the chooser reads only what it shows.
    """
    versions = (
        AgendaVersion.objects.for_edition(Edition.objects.current_or_404())
        .visible_to(request.user)
        .select_related("edition")
        .only("number", "motto", "manifesto", "edition__name")
        .order_by("-sequence")
    )
    newest = versions[:2]
    if len(newest) < 2:
        messages.info(request, _("There is only one version so far; there is nothing to compare."))
        return redirect("agenda:agenda_versions")
    form = AgendaCompareForm(
        request.GET or {"van": newest[1].pk, "naar": newest[0].pk}, versions=versions
    )
    old, new = (
        (form.cleaned_data["van"], form.cleaned_data["naar"])
        if form.is_valid()
        else (newest[1], newest[0])
    )
    parts = compare_chapters(old, new)
    return render(
        request,
        "agenda/agenda_compare.html",
        {
            "form": form,
            "old": old,
            "new": new,
            "parts": parts,
            "changed_count": sum(part.changed for part in parts),
            "error_list": error_summary(form) if request.GET else [],
        },
    )


def agenda_compare_item(request, old, new, item):
    """One part of the agenda (``item``: ``motto``, ``manifesto`` or a chapter's number)
    compared between two versions, with links to the previous and next changed part.

    Both versions must be of the current edition and visible to the user, by the rule
    of ``check_agenda_version`` read once for the two (``visible_to``); otherwise 404,
    as for a version the user may not see anywhere. An unknown part is 404 too.
    """
    versions = (
        AgendaVersion.objects.for_edition(Edition.objects.current_or_404())
        .visible_to(request.user)
        .only("number", "motto", "manifesto")
        .in_bulk([old, new])
    )
    if old not in versions or new not in versions:
        raise Http404
    old, new = versions[old], versions[new]
    parts = compare_chapters(old, new)
    part = next((p for p in parts if p.slug == item), None)
    if part is None:
        raise Http404
    changed = [p for p in parts if p.changed]
    index = changed.index(part) if part.changed else None
    return render(
        request,
        "agenda/agenda_compare_item.html",
        {
            "old": old,
            "new": new,
            "part": part,
            "previous": changed[index - 1] if index else None,
            "next": changed[index + 1] if index is not None and index + 1 < len(changed) else None,
            "position": index + 1 if index is not None else None,
            "changed_count": len(changed),
            **(compare_part(part) if part.comparable else {}),
        },
    )


def agenda_version_read(request, pk):
    """A version as a web page to read: the content of its PDF (``print.version_context``)
    in the portal's layout, with a table of contents; the same permission as the
    version's page (a version the user may not see is 404)."""
    version = readable_version(request.user, pk)
    return render(
        request,
        "agenda/agenda_version_read.html",
        version_context(version, resanitise=False)
        | {
            "text_language": settings.LANGUAGE_CODE,
            "can_propose": can_propose_on_version(request.user, version),
        },
    )


def agenda_feedback(request, pk, number):
    """Feedback on one chapter of a version in *Feedback*: which part it is about and
    what to change. It lands as a comment on the team's chapter, marked with the
    version; a form error keeps what was typed."""
    version = readable_version(request.user, pk)
    team = get_object_or_404(Team, number=number)
    get_object_or_404(version.chapters, team=team, record__isnull=False)
    if not can_give_feedback(request.user, version):
        raise PermissionDenied(_("Feedback is given while a version is open for feedback."))
    contribution = get_object_or_404(
        Contribution.objects.for_edition(version.edition_id), team=team
    )
    form = CommentForm(request.POST or None, contribution=contribution)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_add(version=version, team=team, user=request.user, **form.cleaned_data)
        except AgendaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Thank you: your feedback has been placed with chapter %(team)s.")
                % {"team": f"{team.number}. {team.name}"},
            )
            return redirect(reverse("agenda:agenda_version", args=[pk]) + "#chapters-heading")
    return render(
        request,
        "agenda/agenda_feedback.html",
        {"version": version, "team": team, "form": form, "error_list": error_summary(form)},
    )
