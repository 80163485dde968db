"""Changes that coordinators make in the portal: the documents library and the rich
site pages (the about page)."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from infra.models import SitePage
from infra.revisions import lock_at_revision, next_revision
from portal.permissions import can_edit_site_page, can_manage_documents


@transaction.atomic
def document_add(*, form, user, edition):
    """Save a valid ``DocumentForm``: the file under a random name, its cleaned original
    name and its type as read from its bytes, for the download."""
    if not can_manage_documents(user):
        raise PermissionDenied(_("Only coordinators add documents and videos."))
    document = form.save(commit=False)
    document.edition = edition
    document.uploaded_by = user
    if form.found is not None:
        upload = form.cleaned_data["file"]
        stem = get_valid_filename(Path(upload.name).stem)[:150] or "document"
        document.filename = f"{stem}{form.found.extensions[0]}"
        document.content_type = form.found.content_type
        document.size = upload.size
    else:
        document.file = document.captions = None
    document.save()
    return document


@transaction.atomic
def document_remove(*, document, user) -> None:
    """Remove a document and its files."""
    if not can_manage_documents(user):
        raise PermissionDenied(_("Only coordinators remove documents and videos."))
    files = [f for f in (document.file, document.captions) if f]
    document.delete()
    for stored in files:
        transaction.on_commit(lambda stored=stored: stored.storage.delete(stored.name))


@transaction.atomic
def site_page_save(*, page, user, body: str, base_revision: int):
    """Save a rich site page's text (coordinators; ``body`` sanitised by the form's
    ``RichTextField``) as a new revision with a history record naming ``user``. Refuses,
    with the other text (``RevisionConflict``), when the page changed since
    ``base_revision`` was read."""
    if not can_edit_site_page(user):
        raise PermissionDenied(_("Only coordinators edit this text."))
    locked = lock_at_revision(SitePage.objects, pk=page.pk, base_revision=base_revision)
    locked.body = body
    next_revision(locked)
    locked._history_user = user
    locked.save()
    return locked
