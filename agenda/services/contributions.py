"""Writes for the agenda app. Every change to a contribution goes through here."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from partners.models import SystemProvision
from teams.permissions import TeamPerm, can_resolve_comment, has_team_perm

from .. import richtext
from ..models import Comment, Contribution, NetworkText
from ..notifications import notify_comment, notify_transition
from ..workflow import REASON_REQUIRED, TRANSITIONS, Action, holds_role, refusal


def site_text(message: str, **values) -> str:
    """Text for a history record, in the site's language: records are read by everyone.

    Mark ``message`` with ``gettext_noop`` so that it is extracted for translation, or
    pass a lazy translation (such as a ``TextChoices`` label).
    """
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message) if isinstance(message, Promise) else gettext(message)
    return text % values if values else text


class AgendaError(Exception):
    """A domain rule refused the change; the message is safe to show to the user."""


class ContributionConflict(AgendaError):
    """Someone saved the contribution after the editor's base revision."""

    def __init__(self, current):
        super().__init__(_("Someone else saved this text after you opened it."))
        self.current = current


@dataclass(frozen=True)
class ContributionContent:
    """The four aspects as the edit form delivers them (HTML not yet cleaned)."""

    context: str = ""
    ambition: str = ""
    provision_texts: dict[str, str] = field(default_factory=dict)
    programme_intro: str = ""
    actions: list[dict] = field(default_factory=list)


def clean_content(content: ContributionContent) -> ContributionContent:
    """Sanitised content: rich text through ``richtext.clean``, action rows as plain strings.

    Raises ``AgendaError`` naming the aspect when one is longer than
    ``richtext.MAX_LENGTH`` once cleaned, so that no caller can store more than the
    form accepts.
    """
    provisions = list(SystemProvision.objects.all())
    codes = {provision.code for provision in provisions}
    cleaned = ContributionContent(
        context=richtext.clean(content.context),
        ambition=richtext.clean(content.ambition),
        provision_texts={
            code: richtext.clean(html)
            for code, html in content.provision_texts.items()
            if code in codes
        },
        programme_intro=richtext.clean(content.programme_intro),
        actions=[
            {
                "activity": str(row.get("activity", "")).strip(),
                "lead": str(row.get("lead", "")),
                "quarters": sorted(str(q) for q in row.get("quarters", [])),
                "result": str(row.get("result", "")).strip(),
            }
            for row in content.actions
        ],
    )
    # The aspects' labels are declared on the model: an unsaved chapter lists them.
    chapter = Contribution(
        context=cleaned.context,
        ambition=cleaned.ambition,
        provision_texts=cleaned.provision_texts,
        programme_intro=cleaned.programme_intro,
    )
    for _name, label, html in chapter.aspect_texts(provisions):
        if error := richtext.length_error(html, label):
            raise AgendaError(error)
    return cleaned


@transaction.atomic
def contribution_save(
    *,
    contribution: Contribution,
    user,
    content: ContributionContent,
    base_revision: int,
    note: str = "",
) -> Contribution:
    """Save a draft of all four aspects as one new history record.

    Preconditions: ``user`` holds the team's write permission and the contribution
    is in ``concept``; ``base_revision`` is the revision the editor started from.
    Raises ``ContributionConflict`` when someone saved since then (nothing is
    overwritten) and ``AgendaError`` when the rules refuse the save.
    """
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if not has_team_perm(user, locked.team, TeamPerm.WRITE):
        raise AgendaError(_("You may not edit this team's contribution."))
    if locked.state != Contribution.State.CONCEPT:
        raise AgendaError(
            _("This contribution is %(state)s; it can only be edited as a concept.")
            % {"state": locked.get_state_display().lower()}
        )
    if locked.revision != base_revision:
        raise ContributionConflict(locked)

    cleaned = clean_content(content)
    locked.context = cleaned.context
    locked.ambition = cleaned.ambition
    locked.provision_texts = cleaned.provision_texts
    locked.programme_intro = cleaned.programme_intro
    locked.actions = cleaned.actions
    locked.save_as_new_version(
        user=user, reason=note.strip() or site_text(gettext_noop("Draft saved"))
    )
    return locked


TRANSITION_DONE = {
    Action.SUBMIT: gettext_noop("Submitted for review"),
    Action.RETURN: gettext_noop("Returned to the team"),
    Action.APPROVE: gettext_noop("Approved"),
    Action.REOPEN: gettext_noop("Reopened"),
}


@transaction.atomic
def review_transition(*, obj, user, action: str, reason: str = ""):
    """Move a contribution or a network text along ``workflow.TRANSITIONS``.

    Locks the row, so of two people taking the same step at once exactly one
    succeeds; the other gets an ``AgendaError`` naming the state it found. Records
    one history record with the user and the reason, then notifies (after commit).
    """
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    action = Action(action)
    rule = TRANSITIONS.get((locked.state, action))
    if rule is None:
        raise AgendaError(
            _("This is now '%(state)s', so '%(action)s' is not possible any more.")
            % {"state": locked.get_state_display(), "action": action.label}
        )
    target, role = rule
    if not holds_role(user, locked, role):
        raise AgendaError(_("You may not take the step '%(action)s'.") % {"action": action.label})
    if refused := refusal(user, locked, action):
        raise AgendaError(refused)
    reason = reason.strip()
    if action in REASON_REQUIRED and not reason:
        raise AgendaError(_("Give a reason, so that the team knows what to change."))
    if action == Action.SUBMIT and (missing := locked.missing_parts()):
        raise AgendaError(
            _("Not ready to submit yet; still empty: %(parts)s.") % {"parts": ", ".join(missing)}
        )

    locked.state = target
    locked.save_as_new_version(user=user, reason=reason or site_text(TRANSITION_DONE[action]))
    transaction.on_commit(
        lambda: notify_transition(obj=locked, action=action, user=user, reason=reason)
    )
    return locked


def contribution_transition(
    *, contribution: Contribution, user, action: str, reason: str = ""
) -> Contribution:
    """Submit, return, approve or reopen a contribution (see ``review_transition``)."""
    return review_transition(obj=contribution, user=user, action=action, reason=reason)


@transaction.atomic
def network_text_save(*, text: NetworkText, user, body: str, base_revision: int, note: str = ""):
    """Save the motto or the manifesto as a new history record.

    Same rules as a contribution: the owning team's writers, in ``concept``, and
    no one saved since ``base_revision`` (else ``ContributionConflict``).
    """
    locked = NetworkText.objects.select_for_update().get(pk=text.pk)
    if not has_team_perm(user, locked.team, TeamPerm.WRITE):
        raise AgendaError(
            _("Only the writers of %(team)s edit this text.") % {"team": locked.team.name}
        )
    if locked.state != NetworkText.State.CONCEPT:
        raise AgendaError(_("Only a concept can be edited."))
    if locked.revision != base_revision:
        raise ContributionConflict(locked)
    locked.body = richtext.clean(body)
    if error := richtext.length_error(locked.body, locked.get_kind_display()):
        raise AgendaError(error)
    locked.save_as_new_version(
        user=user, reason=note.strip() or site_text(gettext_noop("Draft saved"))
    )
    return locked


def content_of(contribution: Contribution) -> ContributionContent:
    """The four aspects of a contribution (or of a history record's ``instance``)."""
    return ContributionContent(
        context=contribution.context,
        ambition=contribution.ambition,
        provision_texts=dict(contribution.provision_texts),
        programme_intro=contribution.programme_intro,
        actions=list(contribution.actions),
    )


def contribution_restore(
    *, contribution: Contribution, user, record, base_revision: int, reason: str
) -> Contribution:
    """Save an old version's content as a new version; nothing is deleted.

    ``record`` is a history record of this contribution. The same rules as a save
    apply (writer, concept, no one saved since ``base_revision``).
    """
    if record.id != contribution.pk:
        raise AgendaError(_("That version belongs to another contribution."))
    when = timezone.localtime(record.history_date).strftime("%d-%m-%Y %H:%M")
    note = site_text(gettext_noop("Restored the version of %(when)s"), when=when)
    if reason.strip():
        note = f"{note}: {reason.strip()}"
    return contribution_save(
        contribution=contribution,
        user=user,
        content=content_of(record.instance),
        base_revision=base_revision,
        note=note,
    )


@transaction.atomic
def comment_add(*, contribution: Contribution, user, aspect: str, body: str) -> Comment:
    """Place a comment on one aspect; the team's writers are told by email.

    Needs the team's comment permission (members, read-alongs, coordinators).
    """
    if not has_team_perm(user, contribution.team, TeamPerm.COMMENT):
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
