"""What accepting or declining a proposal writes on the proposals themselves, shared by
the proposals' services and the save that works a proposal in by hand
(``services.contributions.contribution_save`` with ``proposal_id``)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from agenda.models import Proposal
from agenda.notifications import notify_proposal_decided
from infra.language import site_text


def accepted_note(proposals) -> str:
    """The history record's note of an acceptance: every proposal and its author."""
    names = "; ".join(
        site_text(gettext_noop("proposal %(number)s by %(author)s"), number=p.pk, author=p.author)
        for p in proposals
    )
    return site_text(gettext_noop("Accepted %(proposals)s"), proposals=names)


def newest_record(contribution):
    return contribution.history.order_by("-history_date", "-history_id").first()


def record_decision(proposals, *, user, record=None, reason: str = "") -> None:
    """Mark ``proposals`` accepted in history ``record`` (or, without one, declined with
    ``reason``) by ``user``; their proposers are told after the commit."""
    state = Proposal.State.ACCEPTED if record is not None else Proposal.State.REJECTED
    now = timezone.now()
    for proposal in proposals:
        proposal.state, proposal.decided_by, proposal.decided_at = state, user, now
        proposal.accepted_record, proposal.decision_reason = record, reason
        proposal.save(
            update_fields=[
                "state",
                "decided_by",
                "decided_at",
                "accepted_record",
                "decision_reason",
            ]
        )
    transaction.on_commit(lambda: notify_proposal_decided(proposals=proposals))
