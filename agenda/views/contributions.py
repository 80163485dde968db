"""A chapter's pages: the chapter with its review steps, proposals and comments
(comments are placed and resolved on the chapter's page and on one page per aspect),
the check before submitting, and the revision the editor polls. The editor itself is
``views.contribution_edit``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agenda.forms import CommentForm, ReplyForm
from agenda.models import Comment, Contribution
from agenda.permissions import (
    can_accept_proposal,
    can_comment,
    can_decide_proposal,
    can_edit,
    can_propose,
    can_resolve_comment,
    check_review_step,
    review_steps_for,
)
from agenda.review.machine import ReviewStep
from agenda.review.pages import post_review_step, step_forms_for
from agenda.review.selectors import last_changes, last_return
from agenda.review.services import take_review_step
from agenda.selectors.comments import (
    aspect_comments,
    comment_threads,
    located,
    mention_people,
    resolvable,
    thread_for,
    with_comment_marks,
    with_replies,
)
from agenda.selectors.proposals import chapter_proposals
from agenda.services import AgendaError, comment_add, comment_set_resolved
from agenda.services.comments import MentionRefused, PassageNotFound
from agenda.texts import aspects
from infra.forms import error_summary
from teams.permissions import TeamPerm, get_for_user, get_with_perms

COMMENTS_PER_PAGE = 20


def contribution_detail(request, pk, *, step_form=None, comment_form=None):
    """The chapter as read text, its next review steps, proposals and comments.

    Re-rendered with a bound ``step_form`` or ``comment_form`` when one of
    those was posted with errors, so that nothing typed is lost.
    """
    user = request.user
    contribution, perms = get_with_perms(
        user, Contribution.objects.select_related("edition", "updated_by"), TeamPerm.READ, pk=pk
    )
    may_comment = can_comment(user, contribution, perms=perms)
    if comment_form is None and may_comment:
        comment_form = CommentForm(
            contribution=contribution,
            mentioning=True,
            initial={"aspect": request.GET.get("onderdeel")},
        )
    bound = [form for form in (step_form, comment_form) if form is not None and form.is_bound]
    proposals = chapter_proposals(contribution)
    threads = comment_threads(contribution, user, perms=perms)
    proposals["proposal_sections"] = with_comment_marks(proposals["proposal_sections"], threads)
    return render(
        request,
        "agenda/contribution_detail.html",
        {
            "contribution": contribution,
            **proposals,
            "mention_people": mention_people(contribution) if may_comment else "",
            "can_propose": can_propose(user, contribution, perms=perms),
            "can_decide": can_decide_proposal(user, contribution, perms=perms),
            "can_accept": can_accept_proposal(user, contribution, perms=perms),
            "can_edit": can_edit(user, contribution, perms=perms),
            "step_forms": step_forms_for(user, contribution, perms=perms, bound=step_form),
            "last_reason": last_return(contribution),
            "last_changes": last_changes(contribution),
            "threads": threads,
            "open_comments": sum(thread["open"] for thread in threads),
            "comment_form": comment_form,
            "can_comment": may_comment,
            "error_list": error_summary(*bound),
        },
    )


@require_POST
def review_step_view(request, pk, step):
    """One review step (``review.pages.post_review_step``): a role without the step
    gets 403, a reason that does not validate re-shows the page, a step from a state
    that has changed meanwhile gets the service's message; nothing changes then."""
    contribution, perms = get_with_perms(
        request.user, Contribution.objects.all(), TeamPerm.READ, pk=pk
    )
    return post_review_step(
        request,
        contribution,
        step,
        perms=perms,
        page=lambda form: contribution_detail(request, pk, step_form=form),
        done=REVIEW_STEP_DONE,
    )


REVIEW_STEP_DONE = {
    ReviewStep.SUBMIT: gettext_lazy(
        "The contribution has been submitted; the coordinators have been told."
    ),
    ReviewStep.RETURN: gettext_lazy(
        "The contribution has been returned to the team with your reason."
    ),
    ReviewStep.APPROVE: gettext_lazy("The contribution has been approved."),
    ReviewStep.REOPEN: gettext_lazy(
        "The contribution has been reopened; the team can edit it again."
    ),
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
    page.object_list = with_replies(
        resolvable(contribution, request.user, page.object_list, perms=perms)
    )
    located(contribution, page.object_list)
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
    """A new thread on an aspect, perhaps about a passage and mentioning people; a form
    error, a passage not found or a mention refused re-shows the chapter with what was
    typed."""
    contribution = get_for_user(request.user, Contribution.objects.all(), TeamPerm.COMMENT, pk=pk)
    form = CommentForm(request.POST, contribution=contribution, mentioning=True)
    if not form.is_valid():
        return contribution_detail(request, pk, comment_form=form)
    try:
        comment = comment_add(contribution=contribution, user=request.user, **form.comment_input())
    except PassageNotFound as error:
        form.add_error("exact", str(error))
    except MentionRefused as error:
        form.add_error("body", str(error))
    except AgendaError as error:
        form.add_error(None, str(error))
    else:
        messages.success(request, _("Your comment has been placed; the team's writers are told."))
        if comment.exact or request.POST.get("terug") == "tekst":
            return redirect(contribution.get_absolute_url() + f"#{comment.anchor}")
        return _back_to_comments(request, contribution)
    return contribution_detail(request, pk, comment_form=form)


def comment_thread(request, pk, comment_pk):
    """One thread with all its replies, and the reply form (which the chapter's page
    shows under each thread too): whoever reads the chapter reads it, whoever comments
    replies. A reply with an error re-shows this page with what was typed."""
    user = request.user
    contribution, perms = get_with_perms(
        user, Contribution.objects.select_related("edition", "team"), TeamPerm.READ, pk=pk
    )
    thread = get_object_or_404(
        Comment.objects.select_related("author", "resolved_by", "on_version"),
        pk=comment_pk,
        contribution=contribution,
        parent__isnull=True,
    )
    may_comment = can_comment(user, contribution, perms=perms)
    form = None
    if request.method == "POST":
        if not may_comment:
            raise PermissionDenied(_("You may not comment on this team's contribution."))
        form = ReplyForm(request.POST, thread=thread)
        if form.is_valid():
            try:
                reply = comment_add(
                    contribution=contribution,
                    user=user,
                    body=form.cleaned_data["body"],
                    parent=thread,
                    mentions=form.mentioned(),
                )
            except MentionRefused as error:
                form.add_error("body", str(error))
            except AgendaError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your reply has been placed."))
                if request.POST.get("terug") == "hoofdstuk":
                    return redirect(contribution.get_absolute_url() + f"#{reply.anchor}")
                return redirect("agenda:comment_thread", pk=pk, comment_pk=thread.pk)
    elif may_comment:
        form = ReplyForm(thread=thread)
    return render(
        request,
        "agenda/comment_thread.html",
        {
            "contribution": contribution,
            "thread": thread_for(contribution, user, thread, perms=perms),
            "label": dict(contribution.aspect_choices()).get(thread.aspect, thread.aspect),
            "reply_form": form,
            "mention_people": mention_people(contribution) if may_comment else "",
            "error_list": error_summary(form) if form is not None else [],
        },
    )


@require_POST
def comment_resolve(request, pk, comment_pk, resolved=True):
    """Mark a thread as dealt with (or open again): its author, the team's writers and
    coordinators (``permissions.can_resolve_comment``); 403 for the team's others."""
    contribution, perms = get_with_perms(
        request.user, Contribution.objects.all(), TeamPerm.COMMENT, pk=pk
    )
    comment = get_object_or_404(
        Comment, pk=comment_pk, contribution=contribution, parent__isnull=True
    )
    comment.contribution = contribution
    if not can_resolve_comment(request.user, comment, perms=perms):
        raise PermissionDenied(
            _("Only the author, the team's writers and coordinators resolve a comment.")
        )
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
    if request.POST.get("terug") == "gesprek":
        return redirect("agenda:comment_thread", pk=pk, comment_pk=comment.pk)
    return _back_to_comments(request, contribution)


@require_POST
def comment_reopen(request, pk, comment_pk):
    return comment_resolve(request, pk, comment_pk, resolved=False)


def contribution_submit(request, pk):
    """Check before submitting (GOV.UK "check answers"): every part of the four aspects
    with its word count, a link to fix each missing part, and one button that submits.

    The button posts here; ``take_review_step`` decides, as for every review step, and
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
        check_review_step(request.user, contribution, ReviewStep.SUBMIT, perms=perms)  # 404/403
        try:
            take_review_step(obj=contribution, user=request.user, step=ReviewStep.SUBMIT)
        except AgendaError as error:
            refused = str(error)
            contribution.refresh_from_db()
        else:
            messages.success(request, REVIEW_STEP_DONE[ReviewStep.SUBMIT])
            return redirect(contribution)
    can_submit = ReviewStep.SUBMIT in review_steps_for(request.user, contribution, perms=perms)
    if not can_submit and not refused:  # opened after the chapter left the concept state
        refused = _("This is now '%(state)s', so '%(action)s' is not possible any more.") % {
            "state": contribution.get_state_display(),
            "action": ReviewStep.SUBMIT.label,
        }
    edit_url = reverse("agenda:contribution_edit", args=[contribution.pk])
    groups = _check_groups(contribution, edit_url)
    error_title = _("The contribution cannot be submitted yet")
    error_list = [
        {
            "id": row["fix_id"],
            "label": "",
            "message": _("Still empty: %(part)s") % {"part": row["part"].label},
        }
        for group in groups
        for row in group["rows"]
        if not row["part"].filled and can_submit
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
    """Per aspect: its heading, whether it is complete, and its parts with their size
    (``aspects.completeness``, from the counts stored at save time) and the link to each
    part in the editor."""
    parts = aspects.completeness(contribution.word_counts, contribution.system_provisions)
    groups = []
    for aspect, heading in contribution.aspect_headings():
        rows = [
            {
                "part": part,
                "fix_id": f"fix-{part.name}",
                "fix_url": f"{edit_url}#actions-table"
                if part.is_table
                else f"{edit_url}#field-id_{part.name}",
            }
            for part in parts
            if part.aspect == aspect
        ]
        complete = all(row["part"].filled for row in rows)
        groups.append({"aspect": aspect, "heading": heading, "rows": rows, "complete": complete})
    return groups


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
