"""What every reviewed text (a chapter, the motto, the manifesto) shares when it is
written: the writer's lock."""

from django.utils.translation import gettext as _

from agenda.errors import AgendaError
from agenda.permissions import can_edit, is_writer


def lock_for_writing(obj, *, user):
    """``obj`` (a contribution or a network text), locked for a change of its text by
    ``user``: refused (``AgendaError``) when they do not write for its team or it is not
    a concept. Call inside a transaction; the lock orders every writer of the text."""
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    if not is_writer(user, locked):
        raise AgendaError(
            _("Only the writers of %(team)s edit this text.") % {"team": locked.team.name}
        )
    if not can_edit(user, locked):
        raise AgendaError(
            _("This text is %(state)s; only a concept can be edited.")
            % {"state": locked.get_state_display().lower()}
        )
    return locked
