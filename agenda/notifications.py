"""Email notifications, sent through Django's tasks framework.

A slow or unreachable mail server never blocks a request: the request only
enqueues; the immediate backend (default) sends at once, the database backend
hands the mail to ``manage.py db_worker``.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils.translation import gettext as _

from teams.permissions import TeamPerm, coordinators, team_members_with

from .language import site_language
from .workflow import Action


@task(queue_name="mail")
def send_notification(*, subject: str, body: str, recipients: list[str]) -> int:
    return send_mail(subject, body, None, recipients)


def _emails(users) -> list[str]:
    return sorted({user.email for user in users if user.email})


def team_writers(team):
    return team_members_with(team, TeamPerm.WRITE)


def _enqueue(recipients, subject, body):
    if recipients:
        send_notification.enqueue(subject=subject, body=body, recipients=recipients)


def notify_transition(*, obj, action, user, reason: str) -> None:
    """Submit -> coordinators; return or approve -> the team's writers (with the reason).

    ``obj`` is a contribution or a network text (anything with ``team``, ``title``
    and ``get_absolute_url``).
    """
    path = settings.SITE_URL + obj.get_absolute_url()
    with site_language():
        values = {"team": obj.title, "who": str(user), "path": path}
        if action == Action.SUBMIT:
            recipients = _emails(coordinators())
            subject = _("Submitted for review: %(team)s") % values
            body = (
                _("%(who)s submitted the contribution of %(team)s for review.\n\n%(path)s") % values
            )
        elif action == Action.RETURN:
            recipients = _emails(team_writers(obj.team))
            subject = _("Returned to your team: %(team)s") % values
            body = (
                _("%(who)s returned the contribution of %(team)s with this reason:") % values
                + f"\n\n{reason}\n\n{path}"
            )
        elif action == Action.APPROVE:
            recipients = _emails(team_writers(obj.team))
            subject = _("Approved: %(team)s") % values
            body = _("%(who)s approved the contribution of %(team)s.") % values
            body += f"\n\n{reason}\n\n{path}" if reason else f"\n\n{path}"
        else:
            return
    _enqueue(recipients, subject, body)


def notify_comment(*, comment) -> None:
    """A new comment -> the team's writers (not the author)."""
    contribution = comment.contribution
    writers = team_writers(contribution.team).exclude(pk=comment.author_id)
    path = settings.SITE_URL + contribution.get_absolute_url()
    aspect = dict(contribution.aspect_choices()).get(comment.aspect, "")
    with site_language():
        values = {"team": contribution.team.name, "who": str(comment.author), "aspect": aspect}
        subject = _("New comment on %(team)s") % values
        body = (
            _("%(who)s commented on '%(aspect)s':") % values
            + f"\n\n{comment.body}\n\n{path}#reacties"
        )
    _enqueue(_emails(writers), subject, body)
