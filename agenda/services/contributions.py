"""Writes of a contribution's text: a save from the edit form, a restore, and the history
record written from the co-edited document before either (``record_coediting_edits``).

Each public service is one transaction on the locked chapter: what writers typed in the
shared document and no record holds yet becomes a record first, so that it is kept,
and the texts the change wrote go back into the document for the open editors.
"""

from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agenda.coediting import document
from agenda.errors import AgendaError
from agenda.models import Contribution, Proposal, as_saved
from agenda.services.proposal_decisions import accepted_note, newest_record, record_decision
from agenda.services.reviewed import lock_for_writing
from agenda.texts import aspects, richtext
from infra.language import site_text
from infra.revisions import RevisionConflict, check_revision
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


def content_of(contribution: Contribution) -> ContributionContent:
    """The four aspects of a contribution (or of a history record's ``instance``)."""
    return ContributionContent(**aspects.fields_of(contribution))


def write_record(locked: Contribution, content: ContributionContent, *, user, note: str) -> list:
    """Store ``content`` (sanitised) as the chapter's text: one new history record naming
    ``user`` and ``note``. Returns the names of the texts it changed. For the services of
    this module and the proposals' only, on a chapter they locked and checked."""
    cleaned = clean_content(content)
    before = aspects.stored_texts(locked)
    for name in aspects.FIELDS:
        setattr(locked, name, getattr(cleaned, name))
    locked.save_as_new_record(user=user, reason=note)
    after = aspects.stored_texts(locked)
    return [name for name in after.keys() | before.keys() if after.get(name) != before.get(name)]


def record_coediting_edits(
    locked: Contribution,
    *,
    user,
    after: int = 0,
    always: bool = False,
    actions: list[dict] | None = None,
    note: str = "",
) -> bool:
    """Write what the writers typed in the shared document (and no record holds) as a
    history record: only when there is an edit newer than row ``after``, unless
    ``always`` ("Versie opslaan" records even nothing new, with the form's ``actions``).
    Its note names everyone who edited since the last record. Returns whether a record
    was written. For the services that locked and checked ``locked``."""
    unrecorded = document.Unrecorded(locked, after=after)
    if not (unrecorded or always):
        return False
    texts = unrecorded.texts()
    fields = aspects.fields_of(content_of(locked)) | aspects.content_fields(
        [(text, texts.get(text.name, "")) for text in aspects.texts(locked.system_provisions)]
    )
    if actions is not None:
        fields["actions"] = actions
    note = note.strip() or site_text(gettext_noop("Saved"))
    if editors := unrecorded.editors():
        note = site_text(gettext_noop("%(note)s; edited by %(names)s"), note=note, names=editors)
    write_record(locked, ContributionContent(**fields), user=user, note=note)
    unrecorded.mark_recorded()
    return True


def contribution_save(**save) -> Contribution:
    """Save the edit form's four aspects as one new history record: the keyword
    arguments of ``contribution_save_with_proposal``, without a proposal."""
    saved, _accepted = contribution_save_with_proposal(**save)
    return saved


def contribution_save_with_proposal(
    *,
    contribution: Contribution,
    user,
    content: ContributionContent,
    base_revision: int,
    note: str = "",
    coediting_base: int = 0,
    proposal_id: int | None = None,
) -> tuple[Contribution, bool]:
    """Save the edit form's four aspects as one new history record, in one transaction.

    Preconditions: ``user`` writes for the team and the chapter is a concept
    (``AgendaError`` otherwise); ``base_revision`` is the revision the form started
    from and ``coediting_base`` the newest row of the shared document it showed.
    Someone's save since then is a ``RevisionConflict`` and nothing is written. So is
    text co-edited since then, which the form does not hold: it is kept as a record
    (committed), and the conflict page shows it next to the form's text. The texts this
    save changed go into the shared document for open editors.

    ``proposal_id``: the open proposal a writer worked in by hand (an outdated one, in
    the editor beside it); the record's note names it and it is accepted with the
    record. One decided meanwhile only saves. Returns the chapter and whether the
    proposal was accepted.
    """
    with transaction.atomic():
        locked = lock_for_writing(contribution, user=user)
        check_revision(locked, base_revision)
        proposal = None
        if proposal_id is not None:
            proposal = (
                Proposal.objects.select_for_update()
                .filter(contribution=locked, pk=proposal_id, state=Proposal.State.OPEN)
                .select_related("author")
                .first()
            )
        if not record_coediting_edits(locked, user=user, after=coediting_base):
            note = note.strip() or site_text(gettext_noop("Draft saved"))
            if proposal is not None:
                note = f"{note}. {accepted_note([proposal])}"
            changed = write_record(locked, content, user=user, note=note)
            document.write_texts_after_commit(locked, changed)
            if proposal is not None:
                proposal.contribution = locked
                record_decision([proposal], user=user, record=newest_record(locked))
            return locked, proposal is not None
    raise RevisionConflict(locked)


@transaction.atomic
def contribution_actions_append(
    *, contribution: Contribution, user, rows: list[dict], note: str
) -> Contribution:
    """Add ``rows`` to the end of a concept chapter's action table, as one new history
    record naming ``user`` and ``note``: how a coordinator carries unfinished actions
    into a new edition (``tracking.carry_over``, which checks that rule). Text co-edited
    and not yet in a record is kept in one first; a writer's open form then meets a
    revision conflict, as after any save. ``AgendaError`` unless the chapter is a
    concept."""
    locked = Contribution.objects.select_for_update().select_related("team").get(pk=contribution.pk)
    if locked.state != Contribution.State.CONCEPT:
        raise AgendaError(
            _("The chapter of team %(number)s is not a concept: reopen it first.")
            % {"number": locked.team.number}
        )
    record_coediting_edits(locked, user=user)
    content = content_of(locked)
    content = replace(content, actions=[*content.actions, *rows])
    changed = write_record(locked, content, user=user, note=note)
    document.write_texts_after_commit(locked, changed)
    return locked


@transaction.atomic
def contribution_restore(
    *, contribution: Contribution, user, record, base_revision: int, reason: str
) -> Contribution:
    """Save an old history record's content as a new record; nothing is deleted.

    ``record`` is a history record of this contribution. The same rules as a save
    (writer, concept, nobody saved since ``base_revision``, the revision the restore
    page showed). Co-edited text no record holds is kept in a record just before the
    restore, and the open editors show the restored text.
    """
    if record.id != contribution.pk:
        raise AgendaError(_("That version belongs to another contribution."))
    locked = lock_for_writing(contribution, user=user)
    check_revision(locked, base_revision)
    record_coediting_edits(locked, user=user)
    when = timezone.localtime(record.history_date).strftime("%d-%m-%Y %H:%M")
    note = site_text(gettext_noop("Restored the version of %(when)s"), when=when)
    if reason.strip():
        note = f"{note}: {reason.strip()}"
    changed = write_record(locked, content_of(as_saved(record)), user=user, note=note)
    document.write_texts_after_commit(locked, changed)
    return locked
