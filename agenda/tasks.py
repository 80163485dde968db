"""Long work, run through Django's tasks framework (immediately, or by ``db_worker``)."""

import logging

from django.tasks import task

from .models import AgendaVersion
from .pdf import store_pdf
from .print import version_html

logger = logging.getLogger(__name__)


@task
def render_version_pdf(*, version_id: int) -> str:
    """Render a version's PDF (or reuse the stored one of the same content)."""
    version = AgendaVersion.objects.get(pk=version_id)
    try:
        document = store_pdf(version_html(version))
    except Exception as error:
        logger.exception("Rendering the PDF of %s failed", version)
        AgendaVersion.objects.filter(pk=version_id).update(
            pdf_status=AgendaVersion.PdfStatus.FAILED, pdf_error=f"{type(error).__name__}: {error}"
        )
        return "failed"
    AgendaVersion.objects.filter(pk=version_id).update(
        pdf=document, pdf_status=AgendaVersion.PdfStatus.READY, pdf_error=""
    )
    return document.key
