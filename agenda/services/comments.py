"""Comments on a contribution's aspects."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.errors import AgendaError
from agenda.models import Comment, Contribution
from agenda.notifications import notify_comment
from agenda.permissions import can_comment, can_give_feedback, can_resolve_comment


@transaction.atomic
def comment_add(*, contribution: Contribution, user, aspect: str, body: str) -> Comment:
    """Place a comment on one aspect; the team's writers are told by email.

    Needs the team's comment permission (members, read-alongs, coordinators).
    """
    if not can_comment(user, contribution):
        raise AgendaError(_("You may not comment on this team's contribution."))
    if aspect not in dict(contribution.aspect_choices()):
        raise AgendaError(_("Choose the part of the contribution your comment is about."))
    if not body.strip():
        raise AgendaError(_("Write a comment first."))
    comment = Comment.objects.create(
        contribution=contribution, aspect=aspect, author=user, body=body.strip()
    )
    transaction.on_commit(lambda: notify_comment(comment=comment))
    return comment


@transaction.atomic
def comment_set_resolved(*, comment: Comment, user, resolved: bool) -> Comment:
    """Mark a comment as dealt with, or open it again."""
    locked = (
        Comment.objects.select_for_update().select_related("contribution__team").get(pk=comment.pk)
    )
    if not can_resolve_comment(user, locked):
        raise AgendaError(
            _("Only the author, the team's writers and coordinators resolve a comment.")
        )
    locked.resolved_at = timezone.now() if resolved else None
    locked.resolved_by = user if resolved else None
    locked.save(update_fields=["resolved_at", "resolved_by"])
    return locked


@transaction.atomic
def feedback_add(*, version, team, user, aspect: str, body: str) -> Comment:
    """Feedback on one chapter of an agenda version in *Feedback*, from anyone who may
    read the version (``permissions.can_give_feedback``): a comment on that team's
    contribution, marked with the version; the team's writers are told by email."""
    if not can_give_feedback(user, version):
        raise AgendaError(_("Feedback is given while a version is open for feedback."))
    chapter = version.chapters.filter(team=team, record__isnull=False).first()
    if chapter is None:
        raise AgendaError(_("This version has no chapter of that team yet."))
    contribution = Contribution.objects.select_related("team").get(
        edition_id=version.edition_id, team=team
    )
    if aspect not in dict(contribution.aspect_choices()):
        raise AgendaError(_("Choose the part of the contribution your comment is about."))
    if not body.strip():
        raise AgendaError(_("Write a comment first."))
    comment = Comment.objects.create(
        contribution=contribution, aspect=aspect, author=user, body=body.strip(), on_version=version
    )
    transaction.on_commit(lambda: notify_comment(comment=comment))
    return comment
