"""An agenda version's own page and its governance: the steps, the constituencies'
responses (and a recorded "no response") and the boards' decisions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agenda.forms import AgendaStepForm, NoResponseForm, PartnerDecisionForm, PartnerResponseForm
from agenda.forms.invitations import AnswerInvitationForm
from agenda.governance.answer_rules import can_see_invitations, invitable_partners
from agenda.governance.invitations import answer_invitation_withdraw, answer_invite
from agenda.governance.machine import TRANSITIONS, GovernanceStep
from agenda.governance.selectors import readable_version, version_page
from agenda.governance.services import (
    agenda_step,
    partner_decision_record,
    partner_no_response_record,
    partner_response_record,
)
from agenda.permissions import (
    can_follow_actions,
    can_record_no_response,
    can_represent,
    can_take_governance_step,
)
from agenda.services import AgendaError
from infra.forms import error_summary
from partners.models import Partner


def agenda_version_detail(request, pk, *, bound_form=None, bound_partner=None):
    """A version with its governance as process steps, chapters, responses, decisions
    and PDF; the current step says what it needs and who acts
    (``governance.selectors.version_page``).

    Re-rendered with a bound form (step, response, "no response" or decision) after an
    invalid post, so that nothing typed is lost.
    """
    version = readable_version(request.user, pk)
    page = version_page(request.user, version)

    def form_for(form_class, partner):
        bound = isinstance(bound_form, form_class) and bound_partner == partner
        return bound_form if bound else form_class(prefix=partner.code)

    no_response_form = None
    if page["no_response_for"]:
        no_response_form = (
            bound_form
            if isinstance(bound_form, NoResponseForm)
            else NoResponseForm(
                partners=Partner.objects.filter(pk__in=[p.pk for p in page["no_response_for"]])
            )
        )
    return render(
        request,
        "agenda/agenda_version_detail.html",
        page
        | {
            "step_form": bound_form if isinstance(bound_form, AgendaStepForm) else AgendaStepForm(),
            "response_forms": [(p, form_for(PartnerResponseForm, p)) for p in page["respond_for"]],
            "no_response_form": no_response_form,
            "decision_forms": [(p, form_for(PartnerDecisionForm, p)) for p in page["decide_for"]],
            "error_list": error_summary(bound_form) if bound_form is not None else [],
            "can_follow_actions": version.is_final and can_follow_actions(request.user, version),
            "invite_form": (
                bound_form
                if isinstance(bound_form, AnswerInvitationForm)
                else AnswerInvitationForm(partners=page["invite_partners"])
            )
            if page["invite_partners"]
            else None,
        },
    )


@require_POST
def governance_step_view(request, pk, step):
    """A coordinator's governance step on the version (``governance.services.agenda_step``)."""
    version = readable_version(request.user, pk)
    if step not in GovernanceStep.values:
        raise Http404
    if not can_take_governance_step(request.user, step):
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
        transition = TRANSITIONS[(version.state, GovernanceStep(step))]
        messages.success(request, transition.done)
    return redirect("agenda:agenda_version", pk=pk)


@require_POST
def partner_no_response_view(request, pk):
    """A coordinator records that a constituency did not respond, with the reason."""
    version = readable_version(request.user, pk)
    if not can_record_no_response(request.user):
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


@require_POST
def answer_invite_view(request, pk):
    """A coordinator or a partner's representative invites someone by name and e-mail to
    record the partner's answer through a personal link (``governance.invitations``)."""
    version = readable_version(request.user, pk)
    partners = invitable_partners(request.user, version)
    if not partners:
        raise PermissionDenied(_("You cannot invite anyone to answer on this version now."))
    form = AnswerInvitationForm(request.POST, partners=partners)
    if not form.is_valid():
        return agenda_version_detail(request, pk, bound_form=form)
    try:
        invitation = answer_invite(version=version, user=request.user, **form.cleaned_data)
    except AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s has been sent a personal link to record %(what)s of %(partner)s.")
            % {
                "name": invitation.name,
                "what": invitation.get_kind_display(),
                "partner": invitation.partner.code,
            },
        )
    return redirect(reverse("agenda:agenda_version", args=[pk]) + "#uitnodigingen")


def answer_invitation_withdraw_view(request, pk, invitation):
    """Withdraw an unused invitation, after a confirmation page (GET): its link stops
    working at once."""
    version = readable_version(request.user, pk)
    invitation = get_object_or_404(
        version.invitations.select_related("partner", "invited_by"), pk=invitation
    )
    if not can_see_invitations(request.user, invitation.partner):
        raise PermissionDenied(
            _("You can only withdraw invitations for the partner you represent.")
        )
    if request.method == "POST":
        try:
            answer_invitation_withdraw(invitation=invitation, user=request.user)
        except AgendaError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The personal link of %(name)s has been withdrawn.") % {"name": invitation.name},
            )
        return redirect(reverse("agenda:agenda_version", args=[pk]) + "#uitnodigingen")
    return render(
        request,
        "agenda/answer_invitation_withdraw.html",
        {"version": version, "invitation": invitation},
    )
