"""Comments on a contribution's aspects: place, resolve, reopen."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teams.permissions import TeamPerm, get_for_user

from ..forms import CommentForm
from ..models import Comment, Contribution
from ..services import AgendaError, comment_add, comment_set_resolved
from .contributions import contribution_detail


def _back_to_comments(contribution):
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
    return _back_to_comments(contribution)


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
    return _back_to_comments(contribution)


@require_POST
def comment_reopen(request, pk, comment_pk):
    return comment_resolve(request, pk, comment_pk, resolved=False)
