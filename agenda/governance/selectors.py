"""The governance machine's read side: an agenda version with what its pages show, and
where the version stands in its governance (``version_page``)."""

from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agenda.governance.answer_rules import (
    can_withdraw_invitation,
    invitable_partners,
    invitations_visible_to,
)
from agenda.governance.machine import (
    NEXT,
    missing_responses,
    next_steps,
    open_for_decision,
    open_for_responses,
    process_steps,
    refusal,
)
from agenda.models import (
    AgendaVersion,
    AnswerInvitation,
    Edition,
    PartnerDecision,
    PartnerResponse,
    RedlinePdf,
    deciding_partners,
)
from agenda.permissions import (
    can_compile,
    can_give_feedback,
    can_propose_on_version,
    can_read_changes,
    can_record_no_response,
    can_retry_pdf,
    can_take_governance_step,
    check_agenda_version,
    represented_partners,
    visible_agenda_states,
)
from agenda.selectors.citations import cited
from partners.models import Partner

State = AgendaVersion.State


def readable_version(user, pk: int) -> AgendaVersion:
    """Agenda version ``pk`` with what its pages show (edition, compiler, PDF), when
    ``user`` may read it (``permissions.check_agenda_version``: 404 otherwise)."""
    version = get_object_or_404(
        AgendaVersion.objects.with_superseded().select_related("edition", "compiled_by", "pdf"),
        pk=pk,
    )
    check_agenda_version(user, version)
    return version


def readable_pair(user, old: int, new: int) -> tuple[AgendaVersion, AgendaVersion]:
    """The agenda versions ``old`` and ``new`` of the current edition, when ``user`` may
    read the changes between them (``permissions.can_read_changes``), else 404."""
    versions = (
        AgendaVersion.objects.for_edition(Edition.objects.current_or_404())
        .with_superseded()
        .select_related("edition", "pdf")
        .in_bulk([old, new])
    )
    if old not in versions or new not in versions or old == new:
        raise Http404
    old, new = versions[old], versions[new]
    if not can_read_changes(user, old, new):
        raise Http404
    return old, new


def started_redline_pdf(old, new):
    """The changes' PDF of the pair if someone asked for it already (not asked for here)."""
    return RedlinePdf.objects.filter(old=old, new=new).select_related("pdf").first()


@dataclass
class CurrentStep:
    """What the version page says under "you are here": a tally of who has acted (the
    chapters still missing, the constituencies that responded, the boards' decisions),
    the way back after a board's rejection, and what the state needs next."""

    next: str
    tally: str = ""
    decisions: list = field(default_factory=list)  # (board code, decision or None)
    way_back: dict | None = None


def _codes(partners) -> str:
    return ", ".join(partner.code for partner in partners)


def _tally(version, chapters, partners, responded, not_responded) -> str:
    if version.state == State.FEEDBACK:
        placeholders = [c for c in chapters if c.is_placeholder]
        if not placeholders:
            return _("All %(total)s chapters have an approved contribution.") % {
                "total": len(chapters)
            }
        return ngettext(
            "%(count)s of %(total)s chapters has no approved contribution yet: %(teams)s",
            "%(count)s of %(total)s chapters have no approved contribution yet: %(teams)s",
            len(placeholders),
        ) % {
            "count": len(placeholders),
            "total": len(chapters),
            "teams": "; ".join(f"{c.team.number}. {c.team.name}" for c in placeholders),
        }
    if version.state == State.CONSULTATION:
        values = {"count": len(responded), "total": len(partners)}
        if not responded:
            return _("None of the %(total)s constituencies has responded yet.") % values
        text = ngettext(
            "%(count)s of %(total)s constituencies has responded: %(codes)s",
            "%(count)s of %(total)s constituencies have responded: %(codes)s",
            len(responded),
        ) % (values | {"codes": _codes(responded)})
        if not_responded:
            text += "; " + _("not yet: %(codes)s") % {"codes": _codes(not_responded)}
        return text + "."
    return ""


def _way_back(version, decisions, chapters) -> dict | None:
    """After a board's rejection in the latest round: the chapters to reopen (those the
    rejections name, linked to their page), the rejections themselves and the number of
    the version to compile next. None when the version was not sent back."""
    if version.state != State.DEFINITIVE_CONCEPT or not version.decision_round:
        return None
    rejections = [
        d
        for d in decisions
        if d.round == version.decision_round and d.decision == PartnerDecision.Decision.REJECT
    ]
    if not rejections:
        return None
    named = {team.pk for d in rejections for team in d.teams.all()}
    return {
        "chapters": [c for c in chapters if c.team_id in named and not c.is_placeholder],
        "rejections": rejections,
        "next_number": AgendaVersion.objects.for_edition(version.edition_id).next_number(),
    }


def version_page(user, version) -> dict:
    """What the version page shows ``user``: the governance as process steps with the
    current one explained (``CurrentStep``), the steps they may take with why one is
    refused, the chapters, the responses and decisions, and for whom they may answer.
    A fixed number of queries."""
    partners = list(Partner.objects.all())
    responses = {
        r.partner_id: r
        for r in version.responses.select_related("recorded_by", "invitation__partner")
    }
    not_responded = missing_responses(partners, responses)
    responded = [p for p in partners if p.pk in responses]
    decisions = list(
        version.decisions.select_related(
            "partner", "recorded_by", "invitation__partner"
        ).prefetch_related("teams")
    )
    current = {d.partner.code: d for d in decisions if d.round == version.decision_round}
    deciding = list(deciding_partners())
    chapters = list(
        version.chapters.select_related("team", "record").only(
            "version", "team__number", "team__name", "record__id", "record__history_date"
        )  # the list shows when each chapter was approved, not its text
    )
    history = list(version.history.select_related("history_user").order_by("history_date"))
    previous = (  # the boards read what changed since it (``can_read_changes``)
        AgendaVersion.objects.for_edition(version.edition)
        .filter(sequence__lt=version.sequence, state__in=visible_agenda_states(user))
        .only("number")
        .order_by("-sequence")
        .first()
    )
    steps = [
        (
            step,
            refusal(
                version,
                step,
                chapters=chapters,
                partners=partners,
                responses=responses,
                decisions=decisions,
            ),
        )
        for step in next_steps(version)
        if can_take_governance_step(user, step)
    ]
    represented = represented_partners(user)
    return {
        "version": version,
        "chapters": chapters,
        "feedback": can_give_feedback(user, version),
        "can_propose": can_propose_on_version(user, version),
        "previous": previous,
        "process_steps": process_steps(version, history),
        "current_step": CurrentStep(
            next=NEXT[version.state] % {"boards": _codes(deciding)},
            tally=_tally(version, chapters, partners, responded, not_responded),
            decisions=[(p.code, current.get(p.code)) for p in deciding]
            if version.state == State.DECISION
            else [],
            way_back=_way_back(version, decisions, chapters) if can_compile(user) else None,
        ),
        "steps": steps,
        "partners": [  # with the response's text, its citations of paragraphs linked
            (p, responses.get(p.pk), cited(responses[p.pk].text, version) if p in responded else "")
            for p in partners
        ],
        "show_responses": open_for_responses(version) or bool(responses),
        "respond_for": [  # not over an answer recorded through a personal link
            p
            for p in represented
            if open_for_responses(version)
            and not (p.pk in responses and responses[p.pk].invitation_id)
        ],
        "no_response_for": not_responded
        if can_record_no_response(user) and open_for_responses(version)
        else [],
        "decide_for": [
            p
            for p in represented
            if open_for_decision(version, p, deciding=deciding, decided_codes=current)
        ],
        "current_decisions": [(p.code, current.get(p.code)) for p in deciding],
        "rejections": [d for d in decisions if d.decision == PartnerDecision.Decision.REJECT],
        "history": history,
        "can_retry_pdf": can_retry_pdf(user),
    } | answer_invitations(user, version)


def answer_invitations(user, version) -> dict:
    """The version page's personal links: for whom ``user`` may invite someone to answer
    now, and the invitations they see, each with whether they may withdraw it."""
    return {
        "invite_partners": invitable_partners(user, version),
        "invitations": [
            (invitation, can_withdraw_invitation(user, invitation))
            for invitation in invitations_visible_to(user, version)
        ],
    }


def answered_by_link(invitation):
    """The response or decision recorded through ``invitation``'s link, with what its
    page shows (the chapters a rejection names), or None."""
    if invitation.kind == AnswerInvitation.Kind.RESPONSE:
        records = PartnerResponse.objects.all()
    else:
        records = PartnerDecision.objects.prefetch_related("teams")
    return (
        records.select_related("partner", "invitation__partner")
        .filter(invitation=invitation)
        .first()
    )
