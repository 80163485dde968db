"""The changes between two agenda versions for the boards ("wijzigingen") as a web
page, next to the clean agenda; its PDF is in ``views.pdfs``."""

from django.shortcuts import render

from agenda.governance.machine import is_numbered
from agenda.governance.selectors import readable_pair, started_redline_pdf
from agenda.selectors.comparisons import redline as redline_parts


def redline(request, old, new):
    """Every changed part with its deleted and inserted words, on one page."""
    old, new = readable_pair(request.user, old, new)
    return render(
        request,
        "agenda/redline.html",
        {
            "old": old,
            "new": new,
            "parts": redline_parts(old, new),
            "numbered": is_numbered(new),
            "old_numbered": is_numbered(old),
            "job": started_redline_pdf(old, new),
        },
    )
