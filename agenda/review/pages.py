"""The review machine on a page: one behaviour for contributions and network texts.

Both review-step views call ``post_review_step``, and both detail pages build their
step forms with ``step_forms_for``. It lives with the machine, outside ``views``, so
that no view module imports another.
"""

from collections.abc import Callable, Mapping

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from agenda.forms import ReviewStepForm
from agenda.forms.review import DECIDE, ReviewDecisionForm
from agenda.models import Contribution
from agenda.permissions import check_review_step, review_refusal, review_steps_for
from agenda.review.machine import ReviewStep
from agenda.review.selectors import review_baseline_id
from agenda.review.services import take_review_step
from agenda.services import AgendaError

# After a step the page opens at its main content, which starts with the message that
# says what was done: focus lands there (main is focusable, tabindex="-1").
DONE_ANCHOR = "#inhoud"


def step_forms_for(user, obj, *, perms: set[str] | None = None, bound=None) -> list:
    """The step forms of a detail page: one per review step ``user`` may take on ``obj``
    (``permissions.review_steps_for``), each saying why it is refused where four eyes
    refuse it, with a coordinator's return and approve as one ``ReviewDecisionForm``.

    ``bound``: the form that was posted with errors, shown as it was. A bound
    ``ReviewStepForm`` (posted to a single step's URL) keeps the page as it was, so that
    its errors show where they were made.
    """
    forms = [
        bound
        if isinstance(bound, ReviewStepForm) and bound.step == step
        else ReviewStepForm(step=step, target=obj, refusal=review_refusal(user, obj, step))
        for step in review_steps_for(user, obj, perms=perms)
    ]
    if isinstance(obj, Contribution):
        for form in forms:
            if form.step == ReviewStep.SUBMIT:  # submitting starts on the check page
                form.url = form.check_url = reverse("agenda:contribution_submit", args=[obj.pk])
    steps = {form.step: form for form in forms}
    if ReviewStep.RETURN not in steps or any(form.is_bound for form in forms):
        return forms
    # Returning and approving are open in the same state to the same role.
    decision = (
        bound
        if isinstance(bound, ReviewDecisionForm)
        else ReviewDecisionForm(target=obj, refusal=steps[ReviewStep.APPROVE].refusal)
    )
    if isinstance(obj, Contribution) and review_baseline_id(obj) is not None:
        decision.compare_url = reverse("agenda:history_compare", args=[obj.pk])
    return [
        decision if form.step == ReviewStep.RETURN else form
        for form in forms
        if form.step != ReviewStep.APPROVE
    ]


def post_review_step(
    request,
    obj,
    step: str,
    *,
    page: Callable[[ReviewStepForm | ReviewDecisionForm], HttpResponse],
    done: Mapping[str, str],
    perms: set[str] | None = None,
) -> HttpResponse:
    """Take the review ``step`` on ``obj`` (a contribution or a network text) as posted.

    ``step`` ``DECIDE`` is a coordinator's decision: the step (approve or return) and
    its text come from a ``ReviewDecisionForm``. An unknown step is 404 and a step the
    user's role does not take from the object's state is 403
    (``permissions.check_review_step``). A form that does not validate re-shows the page
    through ``page(form)``, with the error summary and nothing typed lost. Otherwise
    ``take_review_step`` decides: its refusal (the state changed meanwhile, four eyes,
    an incomplete chapter) becomes an error message, success the message
    ``done[step]``; both go back to the object's page. ``perms`` are the user's rights
    on the object's team, when the caller has them.
    """
    reason = ""
    if step == DECIDE:
        form = ReviewDecisionForm(
            request.POST, target=obj, refusal=review_refusal(request.user, obj, ReviewStep.APPROVE)
        )
        # Returning and approving are open in the same state to the same role.
        if check_review_step(request.user, obj, ReviewStep.RETURN, perms=perms):
            if not form.is_valid():
                return page(form)
            step, reason = form.chosen
        else:  # the state moved on: the service names the state it found
            posted = request.POST.get(form.add_prefix("decision"))
            step = (
                posted if posted in (ReviewStep.APPROVE, ReviewStep.RETURN) else ReviewStep.APPROVE
            )
    elif check_review_step(request.user, obj, step, perms=perms):
        form = ReviewStepForm(request.POST, step=step, target=obj)
        if not form.is_valid():
            return page(form)
        reason = form.cleaned_data["reason"]
    try:
        take_review_step(obj=obj, user=request.user, step=step, reason=reason)
    except AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done[step])
    return redirect(obj.get_absolute_url() + DONE_ANCHOR)
