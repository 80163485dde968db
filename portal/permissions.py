"""Who sees which document, and who manages them."""

from portal.models import Document
from teams.permissions import is_coordinator, readable_team_ids


def document_audiences(user) -> tuple[list[str], set[int]]:
    """The audiences whose documents ``user`` sees, and the teams whose team documents
    they see: visitors see what is for everyone; logged-in users also what is for
    everyone logged in; team documents go to whoever reads that team's drafts (its
    members and read-alongs, and the coordinators)."""
    if not user.is_authenticated:
        return [Document.Audience.EVERYONE], set()
    return [Document.Audience.EVERYONE, Document.Audience.SIGNED_IN], readable_team_ids(user)


def documents_visible_to(user, documents=None):
    """The documents (of ``documents``, all when None) ``user`` sees, by
    ``document_audiences``."""
    documents = Document.objects.all() if documents is None else documents
    return documents.for_audiences(*document_audiences(user))


def can_manage_documents(user) -> bool:
    """Coordinators add and remove documents and videos."""
    return is_coordinator(user)


def can_edit_site_page(user) -> bool:
    """Coordinators edit the rich site page *Over de Netwerkagenda* in the portal."""
    return is_coordinator(user)
