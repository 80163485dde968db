"""Writes of the motto and the manifesto."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .. import richtext
from ..language import site_text
from ..models import NetworkText
from ..permissions import can_edit, is_writer
from .errors import AgendaError, ContributionConflict


@transaction.atomic
def network_text_save(*, text: NetworkText, user, body: str, base_revision: int, note: str = ""):
    """Save the motto or the manifesto as a new history record.

    Same rules as a contribution: the owning team's writers, in ``concept``, and
    no one saved since ``base_revision`` (else ``ContributionConflict``).
    """
    locked = NetworkText.objects.select_for_update().get(pk=text.pk)
    if not can_edit(user, locked):
        if not is_writer(user, locked):
            raise AgendaError(
                _("Only the writers of %(team)s edit this text.") % {"team": locked.team.name}
            )
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
