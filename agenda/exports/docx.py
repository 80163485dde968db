"""A chapter as a Word document (.docx), for people who pass a text through their own
organisation. Changes come back as proposals in the portal; nothing is imported.

The rich text is converted by html-for-docx (on python-docx), so headings, lists, bold,
italic and links keep their Word styles; the action table becomes a Word table.
"""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from html4docx import HtmlToDocx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def chapter_docx(contribution) -> bytes:
    """The chapter as it is now: its four aspects and the action table."""
    document = Document()
    properties = document.core_properties
    properties.title = f"{contribution.team.number}. {contribution.team.name}"
    properties.author = _("Netwerkagenda portal")
    properties.language = "nl-NL"
    document.add_heading(properties.title, level=0)
    document.add_paragraph(
        _("%(edition)s · state: %(state)s · exported on %(date)s")
        % {
            "edition": contribution.edition.name,
            "state": contribution.get_state_display(),
            "date": timezone.localtime().strftime("%d-%m-%Y %H:%M"),
        }
    )
    document.add_paragraph(
        _(
            "Changes to this text go through the portal: propose them on the chapter's page. "
            "This document is not read back."
        )
    )
    converter = HtmlToDocx()
    for section in contribution.aspect_sections():
        document.add_heading(section.heading, level=1)
        for part in section.parts:
            if not part.shown:
                continue
            if part.text.subheading:
                document.add_heading(str(part.text.subheading), level=2)
            if part.html:
                converter.add_html_to_document(part.html, document)
        if section.aspect.has_table:
            _action_table(document, contribution.action_rows())
    output = BytesIO()
    document.save(output)
    return output.getvalue()


def _action_table(document, rows) -> None:
    if not rows:
        document.add_paragraph(_("No actions yet."))
        return
    headings = [_("Activity"), _("Lead"), _("Quarters"), _("Result")]
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = str(heading)
    for row in rows:
        cells = table.add_row().cells
        values = [
            row.get("activity", ""),
            row.get("lead_label", ""),
            ", ".join(row.get("quarter_labels", [])),
            row.get("result", ""),
        ]
        for cell, value in zip(cells, values, strict=True):
            cell.text = str(value)
