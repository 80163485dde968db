"""A chapter's pages: the home list, the chapter with its review steps and comments
(comments are placed and resolved on the chapter's page and on one page per aspect),
and its editor."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.formsets import TOTAL_FORM_COUNT
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agenda.coediting import document as live
from agenda.forms import (
    ActionFormSet,
    CommentForm,
    ContributionForm,
    TransitionForm,
    contribution_content,
)
from agenda.models import (
    Comment,
    Contribution,
    Edition,
    NetworkText,
    Proposal,
    labelled_actions,
    lead_choices,
)
from agenda.permissions import (
    available_actions,
    can_decide_proposal,
    can_edit,
    can_propose,
    check_review_step,
    refusal,
)
from agenda.review.machine import Action
from agenda.review.pages import post_review_step, review_forms
from agenda.selectors.legacy import (
    TaskStatus,
    aspect_comments,
    comment_threads,
    for_you,
    last_return,
    own_team_ids,
    resolvable,
    task_status,
    with_task_status,
)
from agenda.selectors.proposals import chapter_proposals, shown
from agenda.services import (
    AgendaError,
    ContributionConflict,
    comment_add,
    comment_set_resolved,
    contribution_save,
    contribution_save_with_proposal,
    flush_live_edits,
    live_save,
    live_submit,
)
from agenda.texts import aspects, diff
from infra.forms import error_summary
from infra.models import SitePage
from teams.models import KIND_GROUPS
from teams.permissions import (
    TeamPerm,
    get_for_user,
    get_with_perms,
    is_coordinator,
    readable_team_ids,
)

COMMENTS_PER_PAGE = 20


def home(request):
    """The writers' task list: the user's own chapter first (and, for the team that owns
    them, the motto and the manifesto), then the twelve chapters by kind, each with a tag
    that says where it stands (``selectors.task_status``). A constant number of queries."""
    user = request.user
    edition = Edition.objects.current_or_404()
    contributions = list(
        with_task_status(
            Contribution.objects.for_edition(edition)
            .in_agenda_order()
            .without_text()
            .with_open_comments()
        )
    )
    readable = readable_team_ids(user)
    own = own_team_ids(user)
    rows = [_task(c, can_read=c.team_id in readable) for c in contributions]
    own_rows = [row for row in rows if row["obj"].team_id in own]
    if any(c.team.owns_network_texts for c in contributions if c.team_id in own):
        order = list(NetworkText.Kind.values)
        texts = with_task_status(
            NetworkText.objects.filter(edition=edition).select_related("updated_by")
        )
        own_rows += [
            _task(text, can_read=True) for text in sorted(texts, key=lambda t: order.index(t.kind))
        ]
    groups = [
        (label, [row for row in rows if row["obj"].team.kind == kind])
        for kind, label in KIND_GROUPS
    ]
    return render(
        request,
        "agenda/home.html",
        {
            "edition": edition,
            "own_rows": own_rows,
            "own_chapters": sum(row["obj"].team_id in own for row in rows),
            "groups": groups,
            "milestones": edition.milestones.all(),
            "is_coordinator": is_coordinator(user),
            "for_you": for_you(user),
            "can_export": bool(readable),
            "about": SitePage.objects.filter(slug="over-de-netwerkagenda").first(),
        },
    )


def _task(obj, *, can_read: bool) -> dict:
    """One line of the home page's task list: the chapter or network text, whether the
    user may open it, its status and, when it was returned, where the reason is."""
    status = task_status(obj)
    url = obj.get_absolute_url() if can_read else None
    reason_url = None
    if url and status == TaskStatus.RETURNED:
        reason_url = url + ("#reden" if isinstance(obj, Contribution) else "")
    if isinstance(obj, Contribution):
        key, title = f"chapter-{obj.pk}", f"{obj.team.number}. {obj.team.name}"
    else:
        key, title = f"text-{obj.kind}", obj.title
    return {
        "obj": obj,
        "key": key,
        "title": title,
        "can_read": can_read,
        "url": url,
        "status": status,
        "reason_url": reason_url,
    }


def contribution_detail(request, pk, *, transition_form=None, comment_form=None):
    """The chapter as read text, its next workflow steps and its comments.

    Re-rendered with a bound ``transition_form`` or ``comment_form`` when one of
    those was posted with errors, so that nothing typed is lost.
    """
    user = request.user
    contribution, perms = get_with_perms(
        user, Contribution.objects.select_related("edition", "updated_by"), TeamPerm.READ, pk=pk
    )
    forms = [
        transition_form
        if transition_form is not None and transition_form.action == action
        else TransitionForm(
            action=action, target=contribution, refusal=refusal(user, contribution, action)
        )
        for action in available_actions(user, contribution, perms=perms)
    ]
    for form in forms:
        if form.action == Action.SUBMIT:  # submitting starts on the check page (a GET link)
            form.url = form.check_url = reverse("agenda:contribution_submit", args=[pk])
    forms = review_forms(forms, target=contribution, bound=transition_form)
    can_comment = TeamPerm.COMMENT in perms
    if comment_form is None and can_comment:
        comment_form = CommentForm(
            contribution=contribution, initial={"aspect": request.GET.get("onderdeel")}
        )
    bound = [form for form in (transition_form, comment_form) if form is not None and form.is_bound]
    return render(
        request,
        "agenda/contribution_detail.html",
        {
            "contribution": contribution,
            **chapter_proposals(contribution),
            "can_propose": can_propose(user, contribution, perms=perms),
            "can_decide": can_decide_proposal(user, contribution, perms=perms),
            "can_edit": can_edit(user, contribution, perms=perms),
            "transition_forms": forms,
            "last_reason": last_return(contribution),
            "threads": (threads := comment_threads(contribution, user, perms=perms)),
            "open_comments": sum(thread["open"] for thread in threads),
            "comment_form": comment_form,
            "can_comment": can_comment,
            "error_list": error_summary(*bound),
        },
    )


@require_POST
def contribution_transition_view(request, pk, action):
    """One workflow step (``review_steps.post_review_step``): a role without the step
    gets 403, a reason that does not validate re-shows the page, a step from a state
    that has changed meanwhile gets the service's message; nothing changes then."""
    contribution, perms = get_with_perms(
        request.user, Contribution.objects.all(), TeamPerm.READ, pk=pk
    )
    return post_review_step(
        request,
        contribution,
        action,
        perms=perms,
        page=lambda form: contribution_detail(request, pk, transition_form=form),
        done=TRANSITION_MESSAGES,
    )


TRANSITION_MESSAGES = {
    Action.SUBMIT: gettext_lazy(
        "The contribution has been submitted; the coordinators have been told."
    ),
    Action.RETURN: gettext_lazy("The contribution has been returned to the team with your reason."),
    Action.APPROVE: gettext_lazy("The contribution has been approved."),
    Action.REOPEN: gettext_lazy("The contribution has been reopened; the team can edit it again."),
}


def comment_list(request, pk, aspect):
    """Every comment on one aspect of a chapter, paginated: the chapter's page shows
    only the first open ones."""
    contribution, perms = get_with_perms(
        request.user, Contribution.objects.select_related("team"), TeamPerm.READ, pk=pk
    )
    label = dict(contribution.aspect_choices()).get(aspect)
    if label is None:
        raise Http404
    page = Paginator(aspect_comments(contribution, aspect), COMMENTS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    page.object_list = resolvable(contribution, request.user, page.object_list, perms=perms)
    return render(
        request,
        "agenda/comment_list.html",
        {"contribution": contribution, "aspect": aspect, "label": label, "page": page},
    )


def _back_to_comments(request, contribution):
    """To the comments page of the aspect the form came from, or to the chapter's."""
    aspect = request.POST.get("terug", "")
    if aspect in dict(contribution.aspect_choices()):
        return redirect("agenda:comments", pk=contribution.pk, aspect=aspect)
    return redirect(reverse("agenda:contribution", args=[contribution.pk]) + "#reacties")


@require_POST
def comment_create(request, pk):
    contribution = get_for_user(request.user, Contribution.objects.all(), TeamPerm.COMMENT, pk=pk)
    form = CommentForm(request.POST, contribution=contribution)
    if not form.is_valid():
        return contribution_detail(request, pk, comment_form=form)
    try:
        comment_add(contribution=contribution, user=request.user, **form.cleaned_data)
    except AgendaError as error:
        form.add_error(None, str(error))
        return contribution_detail(request, pk, comment_form=form)
    messages.success(request, _("Your comment has been placed; the team's writers are told."))
    return _back_to_comments(request, contribution)


@require_POST
def comment_resolve(request, pk, comment_pk, resolved=True):
    contribution = get_for_user(request.user, Contribution.objects.all(), TeamPerm.COMMENT, pk=pk)
    comment = get_object_or_404(Comment, pk=comment_pk, contribution=contribution)
    try:
        comment_set_resolved(comment=comment, user=request.user, resolved=resolved)
    except AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The comment is marked as resolved.")
            if resolved
            else _("The comment is open again."),
        )
    return _back_to_comments(request, contribution)


@require_POST
def comment_reopen(request, pk, comment_pk):
    return comment_resolve(request, pk, comment_pk, resolved=False)


SAVED = "opgeslagen"
"""The edit page's query parameter after a save: the revision saved, so that the page says
when (only while that revision is still the current one)."""


def contribution_edit(request, pk):
    """The editor. "Save draft" keeps the writer here, with the time of the save next to
    the button; "Save and check" saves and goes on to the check page before submitting.

    A save after someone else's shows one banner and, only for the parts that differ, their
    text next to the writer's with a choice (``_conflict_panels``). Every refusal becomes
    the error summary.
    """
    contribution, perms = get_with_perms(
        request.user,
        Contribution.objects.select_related("edition", "updated_by"),
        TeamPerm.WRITE,
        pk=pk,
    )
    if not can_edit(request.user, contribution, perms=perms) and request.method != "POST":
        messages.error(request, _("Only a concept can be edited."))
        return redirect("agenda:contribution", pk=contribution.pk)

    error_list = []
    conflict = None
    proposal = _proposal_to_apply(request, contribution)
    provisions = contribution.system_provisions  # read once for the form and the table
    row_kwargs = {"leads": lead_choices(provisions)}
    if request.method == "POST":
        # A writer resolving a conflict chooses per aspect between their text and this one.
        current = contribution if request.POST.get("resolve_conflict") else None
        form = ContributionForm(request.POST, provisions=provisions, conflict_with=current)
        actions = ActionFormSet(request.POST, prefix="actions", form_kwargs=row_kwargs)
        if "add_action" in request.POST:
            # Without JavaScript, "add action" posts the page: show it again with a new row,
            # or say why not (the table is full, or its row count is unreadable).
            actions = _with_extra_row(actions)
            if actions.non_form_errors():
                error_list = error_summary(form, actions)
        elif not all([form.is_valid(), actions.is_valid()]):  # validate both, show all errors
            error_list = error_summary(form, actions)
        else:
            save = {
                "contribution": contribution,
                "user": request.user,
                "content": contribution_content(form, actions),
                "base_revision": form.cleaned_data["base_revision"],
                "note": form.cleaned_data["note"],
            }
            accepted = False
            try:
                if request.POST.get("coedit") == "1":  # the texts are the shared document's
                    saved = live_save(
                        contribution=contribution,
                        user=request.user,
                        actions=save["content"].actions,
                        base_revision=save["base_revision"],
                        note=save["note"],
                    )
                else:
                    # Typed live by others since this page opened: a record first, so
                    # that this save meets the conflict page instead of removing it.
                    flush_live_edits(
                        contribution=contribution, user=request.user, after=_live_base(request)
                    )
                    if proposal is not None:
                        saved, accepted = contribution_save_with_proposal(
                            proposal_id=proposal.proposal.pk, **save
                        )
                    else:
                        saved = contribution_save(**save)
            except ContributionConflict as error:
                form, actions = _conflict_forms(request.POST, error.current)
            except AgendaError as error:
                form.add_error(None, str(error))
                error_list = error_summary(form)
            else:
                if accepted:
                    messages.success(
                        request,
                        _("The proposal by %(who)s is accepted; they are told.")
                        % {"who": proposal.proposal.author},
                    )
                if warning := form.flattening_warning():
                    messages.warning(request, warning)
                if "check" in request.POST:
                    return redirect("agenda:contribution_submit", pk=contribution.pk)
                url = reverse("agenda:contribution_edit", args=[contribution.pk])
                return redirect(f"{url}?{SAVED}={saved.revision}#save-status")
        if form.conflict_with is not None:
            conflict = _conflict_panels(form, actions, form.conflict_with)
    else:
        # Edits not yet in a history record are in the live document: start from them.
        initial = ContributionForm.initial_for(contribution) | (live.live_texts(contribution) or {})
        form = ContributionForm(initial=initial, provisions=provisions)
        actions = ActionFormSet(
            initial=[row | {"ORDER": i} for i, row in enumerate(contribution.actions, 1)],
            prefix="actions",
            form_kwargs=row_kwargs,
        )
    just_saved = request.method == "GET" and request.GET.get(SAVED) == str(contribution.revision)
    if proposal is not None and proposal.proposal.text_name in form.fields:
        form.fields[proposal.proposal.text_name].proposal = proposal
    return render(
        request,
        "agenda/contribution_edit.html",
        {
            "contribution": contribution,
            "proposal": proposal,
            "coedit": settings.COEDIT_ENABLED and proposal is None,
            "live_base": request.POST.get("live_base") or live.newest_row(contribution),
            "form": form,
            "actions": actions,
            "error_list": error_list,
            "conflict": conflict,
            "saved_at": contribution.updated_at if just_saved else None,
        },
    )


def _live_base(request) -> int:
    """The newest live update when the edit page opened (its texts include it)."""
    value = request.POST.get("live_base", "")
    return int(value) if value.isascii() and value.isdecimal() else 0


def _proposal_to_apply(request, contribution):
    """The open proposal a writer applies by hand (``?voorstel=`` from "Apply in the
    editor", then a hidden field), shown beside its text; None without one."""
    value = request.POST.get("voorstel") or request.GET.get("voorstel") or ""
    if not (value.isascii() and value.isdecimal()):
        return None
    found = list(Proposal.objects.for_reading().open().filter(contribution=contribution, pk=value))
    return shown(contribution, found)[0] if found else None


def _conflict_forms(data, current):
    """The writer's own text again, now based on the current revision, with choices."""
    data = data.copy()
    data["resolve_conflict"] = "1"
    form = ContributionForm.resolving(data, current)
    actions = ActionFormSet(form.data, prefix="actions")
    form.is_valid()
    actions.is_valid()
    return form, actions


def _conflict_panels(form, actions, current):
    """What the other person saved, next to each part that differs from the writer's
    text, with the difference; parts that are the same get no panel and no choice.

    Returns the banner's facts: who saved when, and the differing parts (``parts``: label
    and the id to link to) in agenda order.
    """
    parts = []
    for text in form.texts:
        html = text.html_of(current)
        changes = diff.diff_html(html, form.data.get(text.name, ""))
        if not diff.has_changes(changes):
            continue
        form.fields[text.name].conflict = {
            "current": html,
            "diff": diff.render(changes),
            "choice": form.choice(text.name),
        }
        parts.append({"label": text.label, "id": f"field-{form[text.name].auto_id}"})
    theirs = current.action_rows()
    mine = actions.rows() if actions.is_valid() else []
    actions_diff = diff.diff_actions(theirs, labelled_actions(mine))
    actions_differ = any(change.kind != "unchanged" for change in actions_diff)
    if actions_differ:
        parts.append({"label": aspects.TABLE.table_label, "id": "actions-table"})
    return {
        "by": current.updated_by,
        "at": current.updated_at,
        "parts": parts,
        "actions": theirs,
        "actions_diff": actions_diff,
        "actions_differ": actions_differ,
        "actions_choice": form.actions_choice(),
    }


def contribution_submit(request, pk):
    """Check before submitting (GOV.UK "check answers"): every part of the four aspects
    with its word count, a link to fix each missing part, and one button that submits.

    The button posts here; ``review_transition`` decides, as for every review step, and
    its refusal (a missing part, a state that has moved on) is the page's error summary.
    """
    contribution, perms = get_with_perms(
        request.user,
        Contribution.objects.select_related("edition", "team"),
        TeamPerm.WRITE,
        pk=pk,
    )
    refused = ""
    if request.method == "POST":
        check_review_step(request.user, contribution, Action.SUBMIT, perms=perms)  # 404/403
        try:
            live_submit(contribution=contribution, user=request.user)
        except AgendaError as error:
            refused = str(error)
            contribution.refresh_from_db()
        else:
            messages.success(request, TRANSITION_MESSAGES[Action.SUBMIT])
            return redirect(contribution)
    can_submit = Action.SUBMIT in available_actions(request.user, contribution, perms=perms)
    if not can_submit and not refused:  # opened after the chapter left the concept state
        refused = _("This is now '%(state)s', so '%(action)s' is not possible any more.") % {
            "state": contribution.get_state_display(),
            "action": Action.SUBMIT.label,
        }
    edit_url = reverse("agenda:contribution_edit", args=[contribution.pk])
    groups = _check_groups(contribution, edit_url)
    error_title = _("The contribution cannot be submitted yet")
    error_list = [
        {
            "id": row["fix_id"],
            "label": "",
            "message": _("Still empty: %(part)s") % {"part": row["label"]},
        }
        for group in groups
        for row in group["rows"]
        if row["missing"] and can_submit
    ]
    if refused and not error_list:
        error_list = [{"id": "check-summary", "label": "", "message": refused}]
        error_title = _("The contribution cannot be submitted")
    return render(
        request,
        "agenda/contribution_check.html",
        {
            "contribution": contribution,
            "groups": groups,
            "error_list": error_list,
            "error_title": error_title,
            "can_submit": can_submit and not error_list,
            "edit_url": edit_url,
        },
    )


def _check_groups(contribution, edit_url) -> list[dict]:
    """Per aspect: its heading, whether it is complete, and a row per part with its word
    (or action) count, whether submitting still misses it (``aspects.missing``) and the
    link to the part in the editor."""
    provisions = contribution.system_provisions
    missing = set(aspects.missing(contribution, provisions))
    counts = contribution.word_counts  # counted on every save
    groups = []
    for aspect, heading in contribution.aspect_headings():
        rows = [
            {
                "label": text.label,
                "words": counts.get(text.name, 0),
                "actions": None,
                "missing": str(text.label) in missing,
                "fix_id": f"fix-{text.name}",
                "fix_url": f"{edit_url}#field-id_{text.name}",
            }
            for text in aspect.texts(provisions)
        ]
        if aspect.has_table:
            rows.append(
                {
                    "label": aspect.table_label,
                    "actions": len(contribution.actions),
                    "missing": not contribution.actions,
                    "fix_id": f"fix-{aspects.ACTIONS}",
                    "fix_url": f"{edit_url}#actions-table",
                }
            )
        complete = not any(row["missing"] for row in rows)
        groups.append({"aspect": aspect, "heading": heading, "rows": rows, "complete": complete})
    return groups


def _with_extra_row(actions):
    """The posted action table with one empty row more.

    The row count comes from the formset's management form, never from the raw
    POST: a missing or nonsense count leaves the table as posted, with its error.
    """
    if not actions.management_form.is_valid():
        return actions
    data = actions.data.copy()
    data[actions.management_form.add_prefix(TOTAL_FORM_COUNT)] = str(actions.total_form_count() + 1)
    return ActionFormSet(data, prefix=actions.prefix, form_kwargs=actions.form_kwargs)


def contribution_revision(request, pk):
    """The current revision, polled by the edit page to warn about someone else's save."""
    contribution = get_for_user(
        request.user, Contribution.objects.select_related("updated_by"), TeamPerm.READ, pk=pk
    )
    return JsonResponse(
        {
            "revision": contribution.revision,
            "updated_by": str(contribution.updated_by or ""),
            "state": contribution.state,
        }
    )
