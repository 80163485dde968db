"""Comments on a contribution's aspects."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.errors import AgendaError
from agenda.models import Comment, Contribution
from agenda.notifications import notify_comment, notify_thread_resolved
from agenda.permissions import can_comment, can_give_feedback, can_resolve_comment
from agenda.texts import aspects, passages
from teams.permissions import readers


class PassageNotFound(AgendaError):
    """The passage a comment is about is not (unambiguously) in its text."""


class MentionRefused(AgendaError):
    """Someone mentioned may not read the chapter."""


def _mentioned(contribution, mentions) -> list:
    """The people mentioned, each of whom must read the chapter (``teams.permissions.readers``): the
    server decides, whatever list the page offered or a forged form sent."""
    ids = {getattr(person, "pk", person) for person in mentions}
    if not ids:
        return []
    allowed = list(readers(contribution.team_id).filter(pk__in=ids))
    if len(allowed) != len(ids):
        raise MentionRefused(_("You can only mention people who may read this chapter."))
    return allowed


@transaction.atomic
def comment_add(
    *,
    contribution: Contribution,
    user,
    aspect: str = "",
    body: str,
    parent: Comment | None = None,
    exact: str = "",
    prefix: str = "",
    suffix: str = "",
    mentions=(),
) -> Comment:
    """Place a comment on one aspect, or a reply in the thread that ``parent`` opened
    (then on the parent's aspect); optionally about a passage of the aspect's text,
    anchored on the chapter's newest history record as a proposal is; ``mentions``:
    people (or ids) who may read the chapter. The writers, the thread's participants and
    those mentioned are told by email, each once (``notifications.notify_comment``).

    Needs the team's comment permission (members, read-alongs, coordinators).
    """
    if not can_comment(user, contribution):
        raise AgendaError(_("You may not comment on this team's contribution."))
    if parent is not None:
        if parent.contribution_id != contribution.pk:
            raise AgendaError(_("This conversation belongs to another chapter."))
        if parent.parent_id is not None:  # a reply to a reply joins the same thread
            parent = parent.parent
        aspect, exact = parent.aspect, ""
    if aspect not in dict(contribution.aspect_choices()):
        raise AgendaError(_("Choose the part of the contribution your comment is about."))
    if not body.strip():
        raise AgendaError(_("Write a comment first."))
    quote, record = passages.Quote(""), None
    if exact.strip():
        text = {t.name: t for t in aspects.texts(contribution.system_provisions)}.get(aspect)
        if text is None:
            raise PassageNotFound(_("Choose a passage of a text, not of the action table."))
        try:
            quote = passages.anchored(text.html_of(contribution), exact, prefix, suffix)
        except passages.NotFound as error:
            raise PassageNotFound(str(error)) from None
        record = contribution.history.order_by("-history_date", "-history_id").first()
    people = _mentioned(contribution, mentions)
    comment = Comment.objects.create(
        contribution=contribution,
        aspect=aspect,
        author=user,
        body=body.strip(),
        parent=parent,
        record=record,
        exact=quote.exact,
        prefix=quote.prefix,
        suffix=quote.suffix,
    )
    if people:
        comment.mentions.set(people)
    transaction.on_commit(lambda: notify_comment(comment=comment, mentioned=people))
    return comment


@transaction.atomic
def comment_set_resolved(*, comment: Comment, user, resolved: bool) -> Comment:
    """Mark a thread as dealt with, or open it again (on its opening comment, whichever
    comment of it is given); its writers and participants are told."""
    thread_pk = comment.parent_id or comment.pk
    locked = (
        Comment.objects.select_for_update().select_related("contribution__team").get(pk=thread_pk)
    )
    if not can_resolve_comment(user, locked):
        raise AgendaError(
            _("Only the author, the team's writers and coordinators resolve a comment.")
        )
    if locked.is_open == (not resolved):
        return locked  # already so: nothing changes, nobody is told twice
    locked.resolved_at = timezone.now() if resolved else None
    locked.resolved_by = user if resolved else None
    locked.save(update_fields=["resolved_at", "resolved_by"])
    transaction.on_commit(
        lambda: notify_thread_resolved(thread=locked, user=user, resolved=resolved)
    )
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
