"""Email notifications, sent through Django's tasks framework.

A slow or unreachable mail server never blocks a request: the request only
enqueues; the immediate backend (default) sends at once, the database backend
hands the mail to ``manage.py db_worker``.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail, send_mass_mail
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agenda.governance.machine import GovernanceStep
from agenda.models import deciding_partners
from agenda.permissions import representatives, writers_of
from agenda.review.machine import ReviewStep
from agenda.selectors.timeline import step_deadline
from infra.language import site_language
from teams.permissions import coordinators


@task(queue_name="mail")
def send_notification(
    *, subject: str, body: str, recipients: list[str], separately: bool = False
) -> int:
    """One mail to ``recipients``; ``separately``: one mail each, so that people of
    different organisations do not see each other's addresses."""
    if separately:
        return send_mass_mail([(subject, body, None, [recipient]) for recipient in recipients])
    return send_mail(subject, body, None, recipients)


def _emails(users) -> list[str]:
    return sorted({user.email for user in users if user.email})


def _enqueue(recipients, subject, body, *, separately: bool = False):
    if recipients:
        send_notification.enqueue(
            subject=subject, body=body, recipients=recipients, separately=separately
        )


def notify_review_step(*, obj, step, user, reason: str) -> None:
    """Submit -> coordinators; return, approve or reopen -> the team's writers (with the
    reason).

    ``obj`` is a contribution or a network text (anything with ``team``, ``title``
    and ``get_absolute_url``).
    """
    path = settings.SITE_URL + obj.get_absolute_url()
    with site_language():
        values = {"team": obj.title, "what": obj.described, "who": str(user), "path": path}
        if step == ReviewStep.SUBMIT:
            recipients = _emails(coordinators())
            subject = _("Submitted for review: %(team)s") % values
            body = _("%(who)s submitted %(what)s for review.") % values + f"\n\n{path}"
        elif step == ReviewStep.RETURN:
            recipients = _emails(writers_of(obj.team))
            subject = _("Returned to your team: %(team)s") % values
            body = (
                _("%(who)s returned %(what)s with this reason:") % values
                + f"\n\n{reason}\n\n{path}"
            )
        elif step == ReviewStep.APPROVE:
            recipients = _emails(writers_of(obj.team))
            subject = _("Approved: %(team)s") % values
            body = _("%(who)s approved %(what)s.") % values
            body += f"\n\n{reason}\n\n{path}" if reason else f"\n\n{path}"
        elif step == ReviewStep.REOPEN:
            recipients = _emails(writers_of(obj.team))
            subject = _("Reopened: %(team)s") % values
            body = _("%(who)s reopened %(what)s: your team can change it again.") % values
            body += f"\n\n{reason}\n\n{path}" if reason else f"\n\n{path}"
        else:
            return
    _enqueue(recipients, subject, body)


def thread_recipients(thread, *, actor, mentioned=()) -> tuple[list, list]:
    """Whom an event in a comment thread concerns, each person once: the team's writers,
    the thread's participants (who wrote in it or were mentioned in it) and
    ``mentioned`` (named in the event itself), never the ``actor``. Returns (those
    mentioned now, everyone else): the first hear that they were named. Two queries."""
    from agenda.models import Comment

    mentioned_ids = {person.pk for person in mentioned}
    comments = Comment.objects.filter(Q(pk=thread.pk) | Q(parent=thread.pk))
    others = get_user_model().objects.filter(
        Q(pk__in=writers_of(thread.contribution.team).values("pk"))
        | Q(pk__in=comments.values("author"))
        | Q(pk__in=comments.values("mentions")),
        is_active=True,
    )
    others = [
        person for person in others if person.pk != actor.pk and person.pk not in mentioned_ids
    ]
    return [person for person in mentioned if person.pk != actor.pk], others


def notify_comment(*, comment, mentioned=()) -> None:
    """A new comment or reply -> the team's writers, the thread's participants and those
    it mentions (``thread_recipients``), one mail each at most, not to the author."""
    contribution = comment.contribution
    thread = comment.parent or comment
    named, others = thread_recipients(thread, actor=comment.author, mentioned=mentioned)
    path = settings.SITE_URL + reverse("agenda:comment_thread", args=[contribution.pk, thread.pk])
    aspect = dict(contribution.aspect_choices()).get(comment.aspect, "")
    quoted = f"\n\n\u201c{thread.exact}\u201d" if thread.exact else ""
    with site_language():
        values = {"team": contribution.team.name, "who": str(comment.author), "aspect": aspect}
        text = quoted + f"\n\n{comment.body}\n\n{path}"
        if comment.parent_id:
            subject = _("New reply on %(team)s") % values
            body = _("%(who)s replied in a conversation on '%(aspect)s':") % values + text
        else:
            subject = _("New comment on %(team)s") % values
            body = _("%(who)s commented on '%(aspect)s':") % values + text
        named_subject = _("%(who)s mentioned you on %(team)s") % values
        named_body = _("%(who)s mentioned you in a comment on '%(aspect)s':") % values + text
    _enqueue(_emails(named), named_subject, named_body, separately=True)
    _enqueue(_emails(others), subject, body, separately=True)


def notify_thread_resolved(*, thread, user, resolved: bool) -> None:
    """A thread marked as dealt with, or opened again -> its writers and participants
    (``thread_recipients``), not whoever did it."""
    contribution = thread.contribution
    _named, others = thread_recipients(thread, actor=user)
    path = settings.SITE_URL + reverse("agenda:comment_thread", args=[contribution.pk, thread.pk])
    with site_language():
        values = {"team": contribution.team.name, "who": str(user)}
        if resolved:
            subject = _("Conversation resolved on %(team)s") % values
            body = _("%(who)s marked a conversation as resolved:") % values
        else:
            subject = _("Conversation opened again on %(team)s") % values
            body = _("%(who)s opened a conversation again:") % values
        body += f"\n\n{thread.body}\n\n{path}"
    _enqueue(_emails(others), subject, body, separately=True)


def notify_proposal(*, proposal) -> None:
    """A new proposal -> the team's writers (not the proposer)."""
    contribution = proposal.contribution
    writers = writers_of(contribution.team).exclude(pk=proposal.author_id)
    path = settings.SITE_URL + contribution.get_absolute_url() + f"#{proposal.anchor}"
    with site_language():
        values = {"team": contribution.team.name, "who": str(proposal.author)}
        subject = _("Proposed change to %(team)s") % values
        body = (
            _("%(who)s proposes a change:") % values
            + f"\n\n\u201c{proposal.exact}\u201d\n\u2192 \u201c{proposal.new_words}\u201d"
            + f"\n\n{proposal.reason}\n\n{path}"
        )
    _enqueue(_emails(writers), subject, body)


def notify_proposal_decided(*, proposals) -> None:
    """Accepted or rejected proposals -> each proposer, with the writer's reason."""
    for proposal in proposals:
        contribution = proposal.contribution
        path = settings.SITE_URL + reverse("agenda:proposal_decision", args=[proposal.pk])
        with site_language():
            values = {"team": contribution.team.name, "who": str(proposal.decided_by)}
            if proposal.state == proposal.State.ACCEPTED:
                subject = _("Your proposal to %(team)s was accepted") % values
                body = _("%(who)s accepted your proposed change:") % values
            else:
                subject = _("Your proposal to %(team)s was not accepted") % values
                body = _("%(who)s did not accept your proposed change, for this reason:") % values
                body += f"\n\n{proposal.decision_reason}"
            body += f"\n\n\u201c{proposal.exact}\u201d\n\u2192 \u201c{proposal.new_words}\u201d"
            body += f"\n\n{path}"
        _enqueue(_emails([proposal.author]), subject, body)


# Governance of an agenda version (``services.governance``): whom each step concerns.


def everyone_with_an_account():
    """Who reads the ratified agenda in the portal and hears of it: coordinators, team
    members and read-alongs, partner representatives (active, with an address). One
    query, however many people there are."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(memberships__isnull=False)
            | Q(pk__in=coordinators().values("pk"))
            | Q(pk__in=representatives().values("pk"))
        )
        .distinct()
    )


def _version_values(version) -> dict:
    return {
        "number": version.number,
        "edition": version.edition.name,
        "path": settings.SITE_URL + reverse("agenda:agenda_version", args=[version.pk]),
    }


def _deadline_line(version, state, text) -> str:
    deadline = step_deadline(version.edition.milestones.all(), state)
    return f"\n\n{text % {'date': date_format(deadline, 'j F Y')}}" if deadline else ""


def notify_agenda_step(*, version, step) -> None:
    """Into consultation -> every partner's representatives (response requested); to the
    boards -> the deciding partners' representatives (decision requested); ratified ->
    everyone with an account. Other steps send nothing."""
    State = type(version).State
    with site_language():
        values = _version_values(version)
        if step == GovernanceStep.TO_CONSULTATION:
            recipients = _emails(representatives())
            subject = _("Response of your constituency requested: version %(number)s") % values
            body = _(
                "Version %(number)s of %(edition)s has been sent to the constituencies. "
                "Please record the response of your constituency on the version's page."
            ) % values + _deadline_line(
                version, State.CONSULTATION, _("Please respond before %(date)s.")
            )
        elif step == GovernanceStep.TO_DECISION:
            boards = list(deciding_partners())
            recipients = _emails(representatives(boards))
            values["boards"] = ", ".join(partner.code for partner in boards)
            subject = _("Decision of your board requested: version %(number)s") % values
            body = _(
                "The network council established version %(number)s of %(edition)s; it is "
                "now with the boards of %(boards)s. Please record the decision of your "
                "board on the version's page."
            ) % values + _deadline_line(
                version, State.DECISION, _("Please record the decision before %(date)s.")
            )
        elif step == GovernanceStep.RATIFY:
            recipients = _emails(everyone_with_an_account())
            subject = _("Ratified: %(edition)s") % values
            body = (
                _(
                    "The administrative council ratified %(edition)s (version %(number)s). "
                    "Read it or download the PDF in the portal."
                )
                % values
            )
        else:
            return
        body += f"\n\n{values['path']}"
    _enqueue(recipients, subject, body, separately=True)


def notify_rejection(*, version, partner, note: str) -> None:
    """A board rejected the version -> the coordinators and every partner's
    representatives, with the reasons."""
    recipients = _emails([*coordinators(), *representatives()])
    with site_language():
        values = _version_values(version) | {"partner": partner.code}
        subject = _("Rejected by %(partner)s: version %(number)s") % values
        body = (
            _(
                "The board of %(partner)s rejected version %(number)s of %(edition)s; it "
                "goes back to the definitive concept. The reasons:"
            )
            % values
            + f"\n\n{note}\n\n{values['path']}"
        )
    _enqueue(recipients, subject, body, separately=True)


def notify_reminder(*, milestone, user) -> None:
    """A reminder before ``milestone``'s date to one person who still has to act
    (``reminders.send_reminders`` decides who, and that it is sent once)."""
    with site_language():
        when = date_format(milestone.date, "j F Y")
        subject = _("Reminder: %(title)s, by %(date)s") % {"title": milestone.title, "date": when}
        body = _(
            "%(title)s: the deadline is %(date)s, and %(who)s act by then.\n\n"
            "What waits on you is under 'For you' in the portal: %(url)s"
        ) % {
            "title": milestone.title,
            "date": when,
            "who": milestone.get_role_display(),
            "url": settings.SITE_URL + reverse("home"),
        }
    _enqueue(_emails([user]), subject, body)


def notify_tracking_reminder(*, user, actions, quarter: int, year: int, deadline) -> None:
    """One reminder to one person before quarter ``quarter`` of ``year`` ends, listing the
    tracked ``actions`` planned in it that they may update and that have had no update
    since it began (``reminders.send_tracking_reminders`` decides who, and once)."""
    with site_language():
        values = {"quarter": f"Q{quarter} {year}", "date": date_format(deadline, "j F Y")}
        subject = _("Reminder: progress of your actions in %(quarter)s, by %(date)s") % values
        lines = [
            f"- {action.activity} ({action.team.number}. {action.team.name}): "
            f"{settings.SITE_URL}{action.get_absolute_url()}"
            for action in actions
        ]
        body = (
            _(
                "%(quarter)s ends on %(date)s. These actions are planned in it and have had "
                "no progress update since it began; please say how they stand:"
            )
            % values
            + "\n\n"
            + "\n".join(lines)
        )
    _enqueue(_emails([user]), subject, body)


# Answers through a personal link (``governance.invitations``).


def send_answer_invitation(*, invitation, link: str) -> None:
    """The personal link -> the invited person, sent now rather than queued: the link
    holds the token, which must be stored nowhere (a queued task keeps its arguments).
    Raises when the mail server refuses it."""
    version = invitation.version
    with site_language():
        values = _version_values(version) | {
            "name": invitation.name,
            "who": str(invitation.invited_by),
            "partner": invitation.partner.code,
            "what": invitation.get_kind_display(),
            "date": date_format(timezone.localtime(invitation.valid_until), "j F Y, H:i"),
        }
        subject = _("Please record %(what)s of %(partner)s: version %(number)s") % values
        body = (
            _(
                "Dear %(name)s,\n\n%(who)s asks you to record %(what)s of %(partner)s on "
                "version %(number)s of %(edition)s. You need no account: the link below shows "
                "the version, the question and the form. It works once, only for you, until "
                "%(date)s; do not forward it."
            )
            % values
            + f"\n\n{link}"
        )
    send_notification.call(subject=subject, body=body, recipients=[invitation.email])


def _answer_values(record, version) -> dict:
    return _version_values(version) | {
        "partner": record.partner.code,
        "recorded": record.recorder,
        "answer": record.get_verdict_display()
        if hasattr(record, "verdict")
        else record.get_decision_display(),
    }


def notify_answered_by_link(*, record, version) -> None:
    """An answer recorded through a personal link -> the partner's representatives and
    the coordinators."""
    recipients = _emails([*coordinators(), *representatives([record.partner])])
    with site_language():
        values = _answer_values(record, version)
        subject = _("Answer of %(partner)s recorded: version %(number)s") % values
        body = (
            _(
                "The answer of %(partner)s on version %(number)s of %(edition)s has been "
                "%(recorded)s: %(answer)s."
            )
            % values
            + f"\n\n{values['path']}"
        )
    _enqueue(recipients, subject, body, separately=True)


def notify_answered_elsewhere(*, invitations, record, version) -> None:
    """The partner answered while personal links for the same answer were open -> each
    invited person: their link no longer works (whichever answer comes first counts)."""
    with site_language():
        values = _answer_values(record, version)
        subject = _("No longer needed: the answer of %(partner)s on version %(number)s") % values
        body = (
            _(
                "The answer of %(partner)s on version %(number)s of %(edition)s has already "
                "been recorded, so the personal link you received no longer works. Thank you."
            )
            % values
        )
    _enqueue(_emails(invitations), subject, body, separately=True)
