"""Writes of a contribution's text: save, restore."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agenda.coediting.store import live_write_texts
from agenda.errors import AgendaError
from agenda.models import Contribution, as_saved
from agenda.review.services import lock_for_saving
from agenda.texts import aspects, richtext
from infra.language import site_text
from partners.models import SystemProvision


@dataclass(frozen=True)
class ContributionContent:
    """The four aspects as the edit form delivers them (HTML not yet cleaned).

    Its fields are the contribution's, ``aspects.FIELDS``.
    """

    context: str = ""
    ambition: str = ""
    provision_texts: dict[str, str] = field(default_factory=dict)
    programme_intro: str = ""
    actions: list[dict] = field(default_factory=list)


def clean_content(content: ContributionContent) -> ContributionContent:
    """Sanitised content: rich text through ``richtext.clean``, action rows as plain strings.

    Keeps a text for every system provision and for no other code. Raises
    ``AgendaError`` naming the aspect when one is longer than ``richtext.MAX_LENGTH``
    once cleaned, so that no caller can store more than the form accepts.
    """
    htmls = []
    for text in aspects.texts(SystemProvision.objects.all()):
        html = richtext.clean(text.html_of(content))
        if error := richtext.length_error(html, text.label):
            raise AgendaError(error)
        htmls.append((text, html))
    return ContributionContent(
        **aspects.content_fields(htmls),
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


@transaction.atomic
def contribution_save(
    *,
    contribution: Contribution,
    user,
    content: ContributionContent,
    base_revision: int,
    note: str = "",
    from_live: bool = False,
) -> Contribution:
    """Save a draft of all four aspects as one new history record.

    Preconditions: ``user`` holds the team's write permission and the contribution
    is in ``concept``; ``base_revision`` is the revision the editor started from.
    Raises ``ContributionConflict`` when someone saved since then (nothing is
    overwritten) and ``AgendaError`` when the rules refuse the save. Texts that did not
    come from the live document (``from_live``) are written into it for open editors.
    """
    locked = lock_for_saving(contribution, user=user, base_revision=base_revision)

    cleaned = clean_content(content)
    before = aspects.stored_texts(locked)
    for name in aspects.FIELDS:
        setattr(locked, name, getattr(cleaned, name))
    locked.save_as_new_version(
        user=user, reason=note.strip() or site_text(gettext_noop("Draft saved"))
    )
    if not from_live:
        live_written(locked, changed_texts(before, locked))
    return locked


def live_written(contribution: Contribution, names) -> None:
    """After the commit, put the saved texts ``names`` into the chapter's live document."""
    names = list(names)
    if names:
        transaction.on_commit(
            lambda: live_write_texts(contribution=contribution, names=names), robust=True
        )


def changed_texts(before: dict[str, str], contribution: Contribution) -> list[str]:
    """The names of the texts this save changed (``before``: ``aspects.stored_texts``)."""
    after = aspects.stored_texts(contribution)
    return [name for name in after.keys() | before.keys() if after.get(name) != before.get(name)]


def content_of(contribution: Contribution) -> ContributionContent:
    """The four aspects of a contribution (or of a history record's ``instance``)."""
    return ContributionContent(**aspects.fields_of(contribution))


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
        content=content_of(as_saved(record)),
        base_revision=base_revision,
        note=note,
    )
