"""The library's part of search: documents and videos the user may see, by their title
and description (``agenda.search`` searches the agenda's texts)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from agenda.search import PER_KIND, Hit, every_word, snippet
from portal.models import Document
from portal.permissions import documents_visible_to


def document_hits(user, text: str, edition) -> list[Hit]:
    text = " ".join(text.split())[:200]
    if len(text) < 2:
        return []
    documents = documents_visible_to(user, Document.objects.filter(edition=edition)).filter(
        every_word(text, ["title", "description"])
    )[:PER_KIND]
    return [
        Hit(
            _("Video") if d.kind != Document.Kind.FILE else _("Document"),
            d.title,
            d.get_file_url()
            if d.kind == Document.Kind.FILE
            else reverse("portal:documents") + f"#document-{d.pk}",
            snippet(d.description or d.title, text),
        )
        for d in documents
    ]
