"""Writes of the motto and the manifesto."""

from django.db import transaction
from django.utils.translation import gettext_noop

from agenda.errors import AgendaError
from agenda.models import NetworkText
from agenda.services.reviewed import lock_for_writing
from agenda.texts import richtext
from infra.language import site_text
from infra.revisions import check_revision


@transaction.atomic
def network_text_save(*, text: NetworkText, user, body: str, base_revision: int, note: str = ""):
    """Save the motto or the manifesto as a new history record.

    Same rules as a contribution: the owning team's writers, in ``concept``, and
    no one saved since ``base_revision`` (else ``RevisionConflict``).
    """
    locked = lock_for_writing(text, user=user)
    check_revision(locked, base_revision)
    locked.body = richtext.clean(body)
    if error := richtext.length_error(locked.body, locked.get_kind_display()):
        raise AgendaError(error)
    locked.save_as_new_record(
        user=user, reason=note.strip() or site_text(gettext_noop("Draft saved"))
    )
    return locked
