"""Answers without an account: a coordinator or a partner's representative invites a
person by name and e-mail to record one partner's answer on one version (its
constituency's response, or its board's decision) through a personal link.

The link holds a random token (``secrets.token_urlsafe``) that only the e-mail carries;
the database keeps its SHA-256 (``models.invitations.token_hash``). Whether a link works
is a rule (``governance.answer_rules``); the answer itself is recorded by the same
services as a representative's (``governance.services``), so it counts the same.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.errors import AgendaError
from agenda.governance.answer_rules import can_invite_answer, can_withdraw_invitation
from agenda.governance.services import partner_decision_record, partner_response_record
from agenda.models import AgendaVersion, AnswerInvitation
from agenda.models.invitations import token_hash
from agenda.notifications import send_answer_invitation

logger = logging.getLogger(__name__)


class LinkRefused(AgendaError):
    """The personal link does not work (any more); the page never says why."""


def answer_invite(
    *, version: AgendaVersion, user, partner, name: str, email: str
) -> AnswerInvitation:
    """Invite ``name`` (``email``) to record ``partner``'s answer on ``version``: the
    response in consultation, the board's decision while the version is with the boards.

    Refused unless ``answer_rules.can_invite_answer``. The invitation is valid for
    ``ANSWER_LINK_DAYS`` days and e-mailed at once (the token is in no queue); when the
    mail server refuses the mail, the invitation is withdrawn again and the error says so.
    """
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        locked = AgendaVersion.objects.select_for_update().get(pk=version.pk)
        if not can_invite_answer(user, locked, partner):
            raise AgendaError(
                _("You cannot invite someone to answer for %(partner)s on this version now.")
                % {"partner": partner.code}
            )
        now = timezone.now()
        invitation = AnswerInvitation.objects.create(
            version=locked,
            partner=partner,
            kind=AnswerInvitation.kind_for(locked),
            name=name.strip(),
            email=email.strip(),
            invited_by=user,
            created_at=now,
            valid_until=now + timedelta(days=settings.ANSWER_LINK_DAYS),
            token_hash=token_hash(token),
        )
    link = settings.SITE_URL + reverse("agenda:answer_link", args=[token])
    try:
        send_answer_invitation(invitation=invitation, link=link)
    except Exception:
        logger.exception("The answer invitation %s could not be e-mailed", invitation.pk)
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        raise AgendaError(
            _("The invitation could not be e-mailed, so it has not been sent. Try again later.")
        ) from None
    return invitation


@transaction.atomic
def answer_invitation_withdraw(*, invitation: AnswerInvitation, user) -> AnswerInvitation:
    """Withdraw an invitation that has not been used: its link stops working at once.
    Refused unless ``answer_rules.can_withdraw_invitation`` (a used or withdrawn one)."""
    locked = (
        AnswerInvitation.objects.select_for_update().select_related("partner").get(pk=invitation.pk)
    )
    if not can_withdraw_invitation(user, locked):
        raise AgendaError(_("This invitation has been used or withdrawn already."))
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["withdrawn_at"])
    return locked


def invitation_for_token(token: str, *, lock: bool = False) -> AnswerInvitation | None:
    """The invitation whose link holds ``token``, or None."""
    invitations = AnswerInvitation.objects.select_related("partner", "version__edition")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    return invitations.filter(token_hash=token_hash(token)).first()


@transaction.atomic
def answer_by_link(*, token: str, data: dict):
    """Record the answer a personal link asks for, with ``data`` from the same form a
    representative fills in (``PartnerResponseForm`` or ``PartnerDecisionForm``).

    The invitation is locked for the whole transaction, so that two submissions of one
    link record one answer; the services refuse a link that no longer works
    (``answer_rules.can_answer_by_link``: among others, the partner answered first).
    Raises ``LinkRefused`` for every refusal alike. The answer names the invited person
    and the link is used; representatives and coordinators hear of it.
    """
    invitation = invitation_for_token(token, lock=True)
    if invitation is None:
        raise LinkRefused(_("This link does not work (any more)."))
    record = (
        partner_response_record
        if invitation.kind == AnswerInvitation.Kind.RESPONSE
        else partner_decision_record
    )
    try:
        return record(
            version=invitation.version,
            user=None,
            partner=invitation.partner,
            invitation=invitation,
            **data,
        )
    except AgendaError as error:
        raise LinkRefused(str(error)) from None
