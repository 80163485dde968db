"""The page behind a personal link (``/antwoord/<token>/``): someone without an account
reads the version and records the one answer the link is for, with the form a
representative uses; afterwards the link shows what was recorded, read only.

Every link that does not work answers alike (the same page, the same status), whether
its token was altered, expired, withdrawn, used, or the version moved on: nothing tells
which. A client address that tries too many is refused for a while (429). The pages
start no session, are never stored by the browser and send no referrer; the token is
masked in the logs (``infra.logs``).

The answer form needs no CSRF token: the link's address is itself the unguessable
secret (a forged request would have to know it), and with ``no-referrer`` the browser
sends ``Origin: null``, which Django's CSRF check refuses. For the same reason the
header's language switch (a POST to set_language) is replaced on the form's page by a
link to ``?taal=en`` (as for a chapter's PDF); the browser's own language is followed
otherwise.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from agenda.forms import PartnerDecisionForm, PartnerResponseForm
from agenda.governance.answer_rules import can_answer_by_link, can_read_answer_by_link
from agenda.governance.invitations import LinkRefused, answer_by_link, invitation_for_token
from agenda.governance.selectors import answered_by_link
from agenda.models import AnswerInvitation
from agenda.pdf import reading
from agenda.pdf.downloads import serve_pdf
from agenda.pdf.services import stored_pdf_or_request
from infra.forms import error_summary
from infra.throttling import attempt_failed, attempts_blocked

SCOPE = "answer-link"
REFUSED = 404  # one status for every link that does not work


def _private(response):
    """Never stored, never sent on as a referrer: the address holds the token."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    return response


def _refused(request, status=REFUSED):
    if status == REFUSED:
        attempt_failed(request, SCOPE)
    return _private(render(request, "agenda/answer_link_refused.html", status=status))


def _working_invitation(request, token, *, read_only_too=False):
    """The invitation of ``token`` when its link works (or, ``read_only_too``, shows its
    recorded answer), else None."""
    invitation = invitation_for_token(token)
    if invitation is None:
        return None
    if can_answer_by_link(invitation):
        return invitation
    if read_only_too and can_read_answer_by_link(invitation):
        return invitation
    return None


def _language(request) -> str:
    """The page's language: ``?taal=`` when it names one of the site's, else the one the
    request asked for (the browser's)."""
    asked = request.GET.get("taal", "")
    return asked if asked in dict(settings.LANGUAGES) else translation.get_language()


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def answer_link(request, token):
    """The version, the question and the form; after the answer, the answer."""
    with translation.override(_language(request)):
        return _answer_link(request, token)


def _answer_link(request, token):
    if attempts_blocked(request, SCOPE, settings.ANSWER_LINK_FAILURES):
        return _refused(request, 429)
    invitation = _working_invitation(request, token, read_only_too=request.method == "GET")
    if invitation is None:
        return _refused(request)
    if invitation.used_at is not None:
        return _private(
            render(
                request,
                "agenda/answer_link_done.html",
                {"invitation": invitation, "record": answered_by_link(invitation)},
            )
        )
    Form = (
        PartnerResponseForm
        if invitation.kind == AnswerInvitation.Kind.RESPONSE
        else PartnerDecisionForm
    )
    form = Form(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            answer_by_link(token=token, data=form.cleaned_data)
        except LinkRefused:
            return _refused(request)
        return _private(redirect(request.get_full_path()))
    version = invitation.version
    return _private(
        render(
            request,
            "agenda/answer_link.html",
            {
                "invitation": invitation,
                "version": version,
                "contents": reading.contents(version),
                "form": form,
                "error_list": error_summary(form),
                "pdf_url": reverse("agenda:answer_link_pdf", args=[token]),
                "other_language": "en" if translation.get_language() == "nl" else "nl",
            },
        )
    )


@login_not_required
@require_GET
def answer_link_pdf(request, token):
    """The version's PDF, for whoever holds a working link; while it is being made the
    link's page says so."""
    if attempts_blocked(request, SCOPE, settings.ANSWER_LINK_FAILURES):
        return _refused(request, 429)
    invitation = _working_invitation(request, token, read_only_too=True)
    if invitation is None:
        return _refused(request)
    version = invitation.version
    if (document := stored_pdf_or_request(version)) is None:
        return _private(redirect(reverse("agenda:answer_link", args=[token]) + "#pdf"))
    response = serve_pdf(request, document, version.filename)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
