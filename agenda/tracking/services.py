"""The changes of tracked actions: creating them when a version is ratified, and
posting a progress update."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.errors import AgendaError
from agenda.models import (
    DEFAULT_PERCENTAGE,
    ActionStatus,
    AgendaVersion,
    Contribution,
    ProgressUpdate,
    TrackedAction,
    lead_choices,
)
from agenda.permissions import can_post_update
from infra.files import DOCUMENT_TYPES
from infra.files import refusal as file_refusal
from partners.models import Partner, SystemProvision

MAX_TEXT = 5000
MAX_LINK = 500


def _lead_partners() -> dict[str, Partner]:
    """The partner that leads, by the ``lead`` value of an action row: the partner the row
    names, or the partner that represents the system provision it names."""
    leads = {f"partner:{partner.code}": partner for partner in Partner.objects.all()}
    for provision in SystemProvision.objects.select_related("represented_by"):
        leads[f"provision:{provision.code}"] = provision.represented_by
    return leads


def actions_track(*, version: AgendaVersion) -> int:
    """Make every action row of every chapter of the ratified ``version`` a tracked
    action (placeholders have none), and return how many were made.

    Called by the governance service in the ratification's transaction. Idempotent: a
    version whose actions are tracked already gets none more. The rows are read from the
    frozen chapters (history records), never from today's contributions.
    """
    if version.state != AgendaVersion.State.RATIFIED:
        raise AgendaError(_("Only a ratified version's actions are tracked."))
    if TrackedAction.objects.filter(version=version).exists():
        return 0
    chapters = list(version.chapters.filter(record__isnull=False))
    records = {
        record["history_id"]: record
        for record in Contribution.history.filter(
            history_id__in=[chapter.record_id for chapter in chapters]
        ).values("history_id", "id", "actions")
    }
    labels = dict(lead_choices())
    partners = _lead_partners()
    actions = [
        TrackedAction(
            edition_id=version.edition_id,
            version=version,
            chapter=chapter,
            team_id=chapter.team_id,
            contribution_id=records[chapter.record_id]["id"],
            row=index,
            activity=row.get("activity", ""),
            result=row.get("result", ""),
            lead=row.get("lead", ""),
            lead_label=labels.get(row.get("lead"), ""),
            lead_partner=partners.get(row.get("lead")),
            quarters=list(row.get("quarters", [])),
            status=ActionStatus.NOT_STARTED,
            percentage=DEFAULT_PERCENTAGE[ActionStatus.NOT_STARTED],
        )
        for chapter in chapters
        for index, row in enumerate(records[chapter.record_id]["actions"] or [])
    ]
    TrackedAction.objects.bulk_create(actions)
    return len(actions)


def _checked_link(link: str) -> str:
    link = link.strip()
    if not link:
        return ""
    if len(link) > MAX_LINK:
        raise AgendaError(_("The link is too long."))
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError as error:
        raise AgendaError(_("Give a web address that begins with https://.")) from error
    return link


@transaction.atomic
def update_post(
    *,
    action: TrackedAction,
    user,
    text: str,
    status: str | None = None,
    percentage: int | None = None,
    link: str = "",
    document=None,
    public: bool = False,
) -> ProgressUpdate:
    """Post a progress update on ``action`` as ``user`` and apply it.

    Refused unless ``can_post_update`` admits the user. ``text`` is required; a new
    ``status`` brings its default percentage (``DEFAULT_PERCENTAGE``) unless
    ``percentage`` (0 to 100) is given, which overrides it (the same status again keeps
    the percentage); a dropped action has no percentage. ``document``: an uploaded file,
    kept when ``document_refusal`` admits it. The update is kept with its author and
    time and never edited: a correction is a new update. Locks the action, so two
    updates at once apply one after the other.
    """
    locked = TrackedAction.objects.select_for_update().get(pk=action.pk)
    if not can_post_update(user, locked):
        raise AgendaError(
            _("Only the team's writers and the lead partner's representatives post updates.")
        )
    return update_apply(
        locked=locked,
        author=user,
        text=text,
        status=status,
        percentage=percentage,
        link=link,
        document=document,
        public=public,
    )


def document_refusal(document):
    """(its type, "") for a document an update may carry: a PDF, an Office document or
    an image of at most ``DOCUMENT_MAX_MB``; else (None, what is wrong)."""
    return file_refusal(document, DOCUMENT_TYPES, settings.DOCUMENT_MAX_MB * 1024 * 1024)


def update_apply(
    *,
    locked: TrackedAction,
    author,
    text: str,
    status: str | None = None,
    percentage: int | None = None,
    link: str = "",
    document=None,
    public: bool = False,
    via_import: bool = False,
) -> ProgressUpdate:
    """Check and apply one update to ``locked`` (a tracked action locked in the caller's
    transaction) as ``author``: the part of ``update_post`` after its rule, shared with
    the coordinators' import (``tracking.imports.updates_import``, ``via_import``), which
    checks its own rule. Raises ``AgendaError`` on a wrong value and writes nothing then."""
    text = text.strip()
    if not text:
        raise AgendaError(_("Write what happened."))
    if len(text) > MAX_TEXT:
        raise AgendaError(_("The text is too long."))
    if status and status not in ActionStatus.values:
        raise AgendaError(_("Choose one of the statuses."))
    if percentage is not None and not 0 <= percentage <= 100:
        raise AgendaError(_("The progress is a percentage from 0 to 100."))
    new_status = status or locked.status
    if new_status == ActionStatus.DROPPED and percentage is not None:
        raise AgendaError(_("A dropped action has no progress percentage."))
    found = None
    if document:
        found, wrong = document_refusal(document)
        if wrong:
            raise AgendaError(wrong)
    changed = bool(status) and status != locked.status
    if percentage is not None:
        locked.percentage = percentage
    elif changed:
        locked.percentage = DEFAULT_PERCENTAGE[ActionStatus(new_status)]
    locked.status = new_status
    update = ProgressUpdate.objects.create(
        action=locked,
        author=author,
        created_at=timezone.now(),
        text=text,
        status=status or "",
        percentage=locked.percentage if (changed or percentage is not None) else None,
        link=_checked_link(link),
        public=public,
        via_import=via_import,
    )
    if found:
        update.document_name = Path(document.name).name[:200]
        update.document_type = found.content_type
        update.document_size = document.size
        update.document.save(document.name, document, save=True)
    locked.last_update = update
    locked.save(update_fields=["status", "percentage", "last_update"])
    return update
