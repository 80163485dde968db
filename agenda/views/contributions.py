from itertools import pairwise

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms.formsets import TOTAL_FORM_COUNT
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partners.ui import error_summary
from teams.models import KIND_GROUPS
from teams.permissions import (
    TeamPerm,
    can_resolve_comment,
    get_for_user,
    has_team_perm,
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
from ..models import Contribution, Edition, labelled_actions
from ..services import (
    AgendaError,
    ContributionConflict,
    contribution_save,
    review_transition,
)
from ..workflow import TRANSITIONS, Action, available_actions, may, refusal


def current_edition() -> Edition:
    edition = Edition.objects.current()
    if edition is None:
        raise Http404(_("No edition has been opened yet."))
    return edition


def home(request):
    edition = current_edition()
    contributions = list(
        Contribution.objects.for_edition(edition).in_agenda_order().with_open_comments()
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
        },
    )


def contribution_detail(request, pk, *, transition_form=None, comment_form=None):
    """The chapter as read text, its next workflow steps and its comments.

    Re-rendered with a bound ``transition_form`` or ``comment_form`` when one of
    those was posted with errors, so that nothing typed is lost.
    """
    contribution = get_for_user(
        request.user,
        Contribution.objects.select_related("edition", "updated_by"),
        TeamPerm.READ,
        pk=pk,
    )
    forms = [
        transition_form
        if transition_form is not None and transition_form.action == action
        else TransitionForm(action=action, refusal=refusal(request.user, contribution, action))
        for action in available_actions(request.user, contribution)
    ]
    can_comment = has_team_perm(request.user, contribution.team, TeamPerm.COMMENT)
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
            "can_edit": has_team_perm(request.user, contribution.team, TeamPerm.WRITE)
            and contribution.state == Contribution.State.CONCEPT,
            "transition_forms": forms,
            "last_reason": _last_transition_reason(contribution),
            "threads": (threads := comment_threads(contribution, request.user)),
            "open_comments": sum(thread["open"] for thread in threads),
            "comment_form": comment_form,
            "can_comment": can_comment,
            "error_list": error_summary(*bound),
        },
    )


def comment_threads(contribution, user):
    """Per aspect with comments: its label, open comments first, and the open count."""
    comments = list(contribution.comments.select_related("author", "resolved_by"))
    for comment in comments:
        comment.contribution = contribution
        comment.can_resolve = can_resolve_comment(user, comment)
    threads = []
    for aspect, label in contribution.aspect_choices():
        mine = [c for c in comments if c.aspect == aspect]
        if mine:
            mine.sort(key=lambda c: (not c.is_open, c.created_at))
            threads.append(
                {
                    "aspect": aspect,
                    "label": label,
                    "comments": mine,
                    "open": sum(c.is_open for c in mine),
                }
            )
    return threads


def _last_transition_reason(contribution):
    """The latest return, shown to the team while the chapter is a concept again."""
    if contribution.state != Contribution.State.CONCEPT:
        return None
    records = list(
        contribution.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    for record, previous in pairwise(records):
        if record.state != Contribution.State.CONCEPT:
            return None
        if previous.state == Contribution.State.SUBMITTED:
            return record
    return None


@require_POST
def contribution_transition_view(request, pk, action):
    """One workflow step. A role without the step gets 403; a step from a state that
    has changed meanwhile gets the service's message; nothing changes in either case."""
    contribution = get_for_user(request.user, Contribution.objects.all(), TeamPerm.READ, pk=pk)
    if action not in Action.values:
        raise Http404
    reason = ""
    if may(request.user, contribution, action):
        form = TransitionForm(request.POST, action=action)
        if not form.is_valid():
            return contribution_detail(request, pk, transition_form=form)
        reason = form.cleaned_data["reason"]
    elif contribution.state == _source(action):
        raise PermissionDenied(_("Your role does not allow this step."))
    try:
        review_transition(obj=contribution, user=request.user, action=action, reason=reason)
    except AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, TRANSITION_MESSAGES[action])
    return redirect("agenda:contribution", pk=contribution.pk)


def _source(action):
    return next(source for (source, a) in TRANSITIONS if a == action)


TRANSITION_MESSAGES = {
    Action.SUBMIT: gettext_lazy(
        "The contribution has been submitted; the coordinators have been told."
    ),
    Action.RETURN: gettext_lazy("The contribution has been returned to the team with your reason."),
    Action.APPROVE: gettext_lazy("The contribution has been approved."),
    Action.REOPEN: gettext_lazy("The contribution has been reopened; the team can edit it again."),
}


def contribution_edit(request, pk):
    contribution = get_for_user(
        request.user, Contribution.objects.select_related("edition"), TeamPerm.WRITE, pk=pk
    )
    if contribution.state != Contribution.State.CONCEPT and request.method != "POST":
        messages.error(request, _("Only a concept can be edited."))
        return redirect("agenda:contribution", pk=contribution.pk)

    error_list = []
    conflict = None
    if request.method == "POST":
        # A writer resolving a conflict chooses per aspect between their text and this one.
        current = contribution if request.POST.get("resolve_conflict") else None
        form = ContributionForm(request.POST, conflict_with=current)
        actions = ActionFormSet(request.POST, prefix="actions")
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
                messages.success(request, _("Your draft has been saved."))
                if warning := form.flattening_warning():
                    messages.warning(request, warning)
                return redirect("agenda:contribution", pk=contribution.pk)
        if form.conflict_with is not None:
            conflict = _conflict_panels(form, actions, form.conflict_with)
    else:
        form = ContributionForm(initial=ContributionForm.initial_for(contribution))
        actions = ActionFormSet(
            initial=[row | {"ORDER": i} for i, row in enumerate(contribution.actions, 1)],
            prefix="actions",
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
    data["base_revision"] = str(current.revision)
    data["resolve_conflict"] = "1"
    for name in [*(name for name, _label, _html in current.aspect_texts()), "actions"]:
        data.setdefault(f"choice_{name}", "mine")  # nothing changes unless the writer chooses
    form = ContributionForm(data, conflict_with=current)
    actions = ActionFormSet(data, prefix="actions")
    form.is_valid()
    actions.is_valid()
    return form, actions


def _conflict_panels(form, actions, current):
    """What the other person saved, next to each aspect, with the difference to mine."""
    for name, _label, html in current.aspect_texts():
        form.fields[name].conflict = {
            "current": html,
            "diff": diff.render(diff.diff_html(html, form.data.get(name, ""))),
            "choice": form[f"choice_{name}"],
        }
    mine = actions.rows() if actions.is_valid() else []
    return {
        "by": current.updated_by,
        "at": current.updated_at,
        "actions": current.action_rows(),
        "actions_diff": diff.diff_actions(
            labelled_actions(current.actions), labelled_actions(mine)
        ),
        "actions_choice": form["choice_actions"],
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
