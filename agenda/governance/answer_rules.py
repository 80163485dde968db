"""Who may invite someone without an account to answer for a partner, and whether a
personal link still records its answer (DESIGN.md §3: "or by a person they or a
coordinator invited with a personal link scoped to that one answer").

Rules of the same kind as ``agenda.permissions`` (one function each, the queryset twin
beside it), kept apart only because that module is full; services, views and the
version page ask these and never re-derive them.
"""

from django.utils import timezone

from agenda.models import AnswerInvitation, PartnerResponse, deciding_partners
from agenda.permissions import can_represent, represented_partners
from partners.models import Partner
from teams.permissions import is_coordinator


def has_answered(version, partner, kind: str) -> bool:
    """Whether ``partner`` has given the answer ``kind`` on ``version``: a response of its
    own (a coordinator's "no response" does not count, the partner's own replaces it), or
    a board's decision in the current round. Whichever answer comes first counts."""
    if kind == AnswerInvitation.Kind.RESPONSE:
        return (
            version.responses.filter(partner=partner)
            .exclude(verdict=PartnerResponse.Verdict.NO_RESPONSE)
            .exists()
        )
    return version.decisions.filter(partner=partner, round=version.decision_round).exists()


def invitable_partners(user, version) -> list[Partner]:
    """The partners for whom ``user`` invites someone to answer on ``version`` now: a
    coordinator for every partner, a representative for their own; responses while the
    version is in consultation, the boards' decisions (``deciding_partners``) while it is
    with them; not on a superseded version, and not once the partner has answered."""
    kind = AnswerInvitation.kind_for(version)
    if kind is None or version.is_superseded:
        return []
    partners = list(Partner.objects.all()) if is_coordinator(user) else represented_partners(user)
    if kind == AnswerInvitation.Kind.DECISION:
        boards = {partner.pk for partner in deciding_partners()}
        partners = [partner for partner in partners if partner.pk in boards]
        answered = set(
            version.decisions.filter(round=version.decision_round).values_list(
                "partner_id", flat=True
            )
        )
    else:
        answered = set(
            version.responses.exclude(verdict=PartnerResponse.Verdict.NO_RESPONSE).values_list(
                "partner_id", flat=True
            )
        )
    return [partner for partner in partners if partner.pk not in answered]


def can_invite_answer(user, version, partner) -> bool:
    """``user`` invites someone to record ``partner``'s answer on ``version`` now
    (``invitable_partners``)."""
    return any(found.pk == partner.pk for found in invitable_partners(user, version))


def can_see_invitations(user, partner) -> bool:
    """The coordinators and the partner's representatives see who was invited to answer
    for it, and withdraw an invitation."""
    return is_coordinator(user) or can_represent(user, partner)


def invitations_visible_to(user, version):
    """The invitations on ``version`` that ``can_see_invitations`` admits ``user`` to."""
    invitations = version.invitations.select_related("partner", "invited_by")
    if is_coordinator(user):
        return invitations
    return invitations.filter(partner__in=[partner.pk for partner in represented_partners(user)])


def can_withdraw_invitation(user, invitation) -> bool:
    """An invitation not yet used nor withdrawn is withdrawn by whoever sees it."""
    return (
        invitation.used_at is None
        and invitation.withdrawn_at is None
        and can_see_invitations(user, invitation.partner)
    )


def can_answer_by_link(invitation, *, now=None) -> bool:
    """A personal link records its answer while it is neither withdrawn, used nor expired,
    the version still awaits that answer (in the same state as when the link was sent, it
    has not left it since, and it is not superseded) and the partner has not answered."""
    now = now or timezone.now()
    version = invitation.version
    return (
        invitation.withdrawn_at is None
        and invitation.used_at is None
        and now < invitation.valid_until
        and AnswerInvitation.kind_for(version) == invitation.kind
        and not version.is_superseded
        and not version.history.filter(history_date__gt=invitation.created_at)
        .exclude(state=version.state)
        .exists()
        and not has_answered(version, invitation.partner, invitation.kind)
    )


def can_read_answer_by_link(invitation, *, now=None) -> bool:
    """After its answer, the link shows what was recorded (read only) until it expires,
    unless it was withdrawn or the version was superseded."""
    now = now or timezone.now()
    return (
        invitation.used_at is not None
        and invitation.withdrawn_at is None
        and now < invitation.valid_until
        and not invitation.version.is_superseded
    )
