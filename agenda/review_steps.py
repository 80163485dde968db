"""A review step posted from a page: one behaviour for contributions and network texts.

Both transition views call ``post_review_step``. It lives outside ``views`` so that no
view module imports another.
"""

from collections.abc import Callable, Mapping

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from .forms import TransitionForm
from .permissions import check_review_step
from .services import AgendaError, review_transition


def post_review_step(
    request,
    obj,
    action: str,
    *,
    page: Callable[[TransitionForm], HttpResponse],
    done: Mapping[str, str],
    perms: set[str] | None = None,
) -> HttpResponse:
    """Take the step ``action`` on ``obj`` (a contribution or a network text) as posted.

    An unknown step is 404 and a step the user's role does not take from the object's
    state is 403 (``permissions.check_review_step``). A reason that does not validate
    re-shows the page through ``page(form)``, with the error summary and nothing typed
    lost. Otherwise ``review_transition`` decides: its refusal (the state changed
    meanwhile, four eyes, an incomplete chapter) becomes an error message, success the
    message ``done[action]``; both go back to the object's page. ``perms`` are the
    user's rights on the object's team, when the caller has them.
    """
    reason = ""
    if check_review_step(request.user, obj, action, perms=perms):
        form = TransitionForm(request.POST, action=action, target=obj)
        if not form.is_valid():
            return page(form)
        reason = form.cleaned_data["reason"]
    try:
        review_transition(obj=obj, user=request.user, action=action, reason=reason)
    except AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done[action])
    return redirect(obj)
