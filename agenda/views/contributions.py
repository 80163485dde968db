"""A chapter's pages: the home list, the chapter with its review steps and comments
(comments are placed and resolved on the chapter's page and on one page per aspect),
and its editor."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.formsets import TOTAL_FORM_COUNT
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partners.ui import error_summary
from teams.models import KIND_GROUPS
from teams.permissions import (
    TeamPerm,
    get_for_user,
    get_with_perms,
    is_coordinator,
    readable_team_ids,
)

from .. import diff
from ..forms import (
    ActionFormSet,
    CommentForm,
    ContributionForm,
    TransitionForm,
    contribution_content,
)
from ..models import Comment, Contribution, Edition, labelled_actions, lead_choices
from ..permissions import available_actions, can_edit, refusal
from ..review_steps import post_review_step
from ..selectors import aspect_comments, comment_threads, for_you, last_return, resolvable
from ..services import (
    AgendaError,
    ContributionConflict,
    comment_add,
    comment_set_resolved,
    contribution_save,
)
from ..workflow import Action

COMMENTS_PER_PAGE = 20


def home(request):
    edition = Edition.objects.current_or_404()
    contributions = list(
        Contribution.objects.for_edition(edition)
        .in_agenda_order()
        .without_text()
        .with_open_comments()
    )
    readable = readable_team_ids(request.user)
    rows = [{"contribution": c, "can_read": c.team_id in readable} for c in contributions]
    groups = [
        (label, [row for row in rows if row["contribution"].team.kind == kind])
        for kind, label in KIND_GROUPS
    ]
    return render(
        request,
        "agenda/home.html",
        {
            "edition": edition,
            "groups": groups,
            "milestones": edition.milestones.all(),
            "is_coordinator": is_coordinator(request.user),
            "for_you": for_you(request.user),
        },
    )


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


def contribution_edit(request, pk):
    contribution, perms = get_with_perms(
        request.user, Contribution.objects.select_related("edition"), TeamPerm.WRITE, pk=pk
    )
    if not can_edit(request.user, contribution, perms=perms) and request.method != "POST":
        messages.error(request, _("Only a concept can be edited."))
        return redirect("agenda:contribution", pk=contribution.pk)

    error_list = []
    conflict = None
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
            try:
                contribution_save(
                    contribution=contribution,
                    user=request.user,
                    content=contribution_content(form, actions),
                    base_revision=form.cleaned_data["base_revision"],
                    note=form.cleaned_data["note"],
                )
            except ContributionConflict as error:
                form, actions = _conflict_forms(request.POST, error.current)
                messages.warning(request, str(error))
            except AgendaError as error:
                messages.error(request, str(error))
            else:
                form.report_saved(request)
                return redirect("agenda:contribution", pk=contribution.pk)
        if form.conflict_with is not None:
            conflict = _conflict_panels(form, actions, form.conflict_with)
    else:
        form = ContributionForm(
            initial=ContributionForm.initial_for(contribution), provisions=provisions
        )
        actions = ActionFormSet(
            initial=[row | {"ORDER": i} for i, row in enumerate(contribution.actions, 1)],
            prefix="actions",
            form_kwargs=row_kwargs,
        )
    return render(
        request,
        "agenda/contribution_edit.html",
        {
            "contribution": contribution,
            "form": form,
            "actions": actions,
            "error_list": error_list,
            "conflict": conflict,
        },
    )


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
    """What the other person saved, next to each aspect, with the difference to mine."""
    for text in form.texts:
        html = text.html_of(current)
        form.fields[text.name].conflict = {
            "current": html,
            "diff": diff.render(diff.diff_html(html, form.data.get(text.name, ""))),
            "choice": form.choice(text.name),
        }
    theirs = current.action_rows()
    mine = actions.rows() if actions.is_valid() else []
    return {
        "by": current.updated_by,
        "at": current.updated_at,
        "actions": theirs,
        "actions_diff": diff.diff_actions(theirs, labelled_actions(mine)),
        "actions_choice": form.actions_choice(),
    }


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
