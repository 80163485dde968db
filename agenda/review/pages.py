"""A review step posted from a page: one behaviour for contributions and network texts.

Both transition views call ``post_review_step``, and both detail pages build their step
forms with ``review_forms``. It lives outside ``views`` so that no view module imports
another.
"""

from collections.abc import Callable, Mapping

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from agenda.forms import TransitionForm
from agenda.forms.review import DECIDE, ReviewDecisionForm
from agenda.models import Contribution
from agenda.permissions import check_review_step, refusal
from agenda.review.machine import Action
from agenda.selectors.legacy import review_baseline_id
from agenda.services import AgendaError, review_transition

# After a step the page opens at its main content, which starts with the message that
# says what was done: focus lands there (main is focusable, tabindex="-1").
DONE_ANCHOR = "#inhoud"


def review_forms(forms: list, *, target, bound=None) -> list:
    """The step forms of a detail page, with a coordinator's return and approve as one
    ``ReviewDecisionForm`` (the bound one when a decision was posted with errors).

    ``forms`` are the page's ``TransitionForm``s, one per step the user may take. A
    bound ``TransitionForm`` (posted to a single step's URL) keeps the page as it was,
    so that its errors show where they were made.
    """
    steps = {form.action: form for form in forms}
    if Action.RETURN not in steps or any(form.is_bound for form in forms):
        return forms
    # Returning and approving are open in the same state to the same role.
    decision = (
        bound
        if isinstance(bound, ReviewDecisionForm)
        else ReviewDecisionForm(target=target, refusal=steps[Action.APPROVE].refusal)
    )
    if isinstance(target, Contribution) and review_baseline_id(target) is not None:
        decision.compare_url = reverse("agenda:history_compare", args=[target.pk])
    return [
        decision if form.action == Action.RETURN else form
        for form in forms
        if form.action != Action.APPROVE
    ]


def post_review_step(
    request,
    obj,
    action: str,
    *,
    page: Callable[[TransitionForm | ReviewDecisionForm], HttpResponse],
    done: Mapping[str, str],
    perms: set[str] | None = None,
) -> HttpResponse:
    """Take the step ``action`` on ``obj`` (a contribution or a network text) as posted.

    ``action`` ``DECIDE`` is a coordinator's decision: the step (approve or return) and
    its text come from a ``ReviewDecisionForm``. An unknown step is 404 and a step the
    user's role does not take from the object's state is 403
    (``permissions.check_review_step``). A form that does not validate re-shows the page
    through ``page(form)``, with the error summary and nothing typed lost. Otherwise
    ``review_transition`` decides: its refusal (the state changed meanwhile, four eyes,
    an incomplete chapter) becomes an error message, success the message
    ``done[step]``; both go back to the object's page. ``perms`` are the user's rights
    on the object's team, when the caller has them.
    """
    reason = ""
    if action == DECIDE:
        form = ReviewDecisionForm(
            request.POST, target=obj, refusal=refusal(request.user, obj, Action.APPROVE)
        )
        # Returning and approving are open in the same state to the same role.
        if check_review_step(request.user, obj, Action.RETURN, perms=perms):
            if not form.is_valid():
                return page(form)
            action, reason = form.chosen
        else:  # the state moved on: the service names the state it found
            posted = request.POST.get(form.add_prefix("decision"))
            action = posted if posted in (Action.APPROVE, Action.RETURN) else Action.APPROVE
    elif check_review_step(request.user, obj, action, perms=perms):
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
    return redirect(obj.get_absolute_url() + DONE_ANCHOR)
