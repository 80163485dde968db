"""The lost-update guard of every text people edit in the browser (chapters, the motto
and the manifesto, the about page).

An editor carries the revision it started from; a save locks the row and goes on only
while the stored revision is still that one. Otherwise nothing is overwritten: the save
raises ``RevisionConflict`` with the current row, and the page shows both texts.
"""

from django.utils.translation import gettext as _


class RevisionConflict(Exception):
    """Someone saved the text after the editor's base revision; ``current`` is the row
    as it is now, with their text. The message is safe to show."""

    def __init__(self, current):
        super().__init__(
            _("Someone else saved this text in the meantime; your text has not been saved yet.")
        )
        self.current = current


def lock_at_revision(queryset, *, pk, base_revision: int | None):
    """The row ``pk`` of ``queryset``, locked until the transaction ends.

    Raises ``RevisionConflict`` when its revision is no longer ``base_revision``;
    None checks nothing (a change that finds its place in the current text itself, as
    an accepted proposal). Call inside ``transaction.atomic``.
    """
    locked = queryset.select_for_update().get(pk=pk)
    check_revision(locked, base_revision)
    return locked


def check_revision(locked, base_revision: int | None) -> None:
    """Raise ``RevisionConflict`` when the locked row ``locked`` has moved past
    ``base_revision`` (for a service that checks its rules between the lock and this)."""
    if base_revision is not None and locked.revision != base_revision:
        raise RevisionConflict(locked)


def next_revision(obj) -> None:
    """Count a save: the next editor starts from this revision."""
    obj.revision += 1
