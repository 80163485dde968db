"""Presentation helpers every app uses (``infra`` is the app all others build on)."""

from django import forms
from django.utils.translation import gettext as _


def error_summary(*forms_and_formsets) -> list[dict]:
    """Every error of the given forms and formsets, each linked to its field.

    Feeds ``includes/error_summary.html``: ``id`` is the element the link goes to,
    ``label`` names the field (with the row number for formset rows).
    """
    errors = []
    for item in forms_and_formsets:
        if isinstance(item, forms.BaseFormSet):
            errors += [
                {"id": "actions-table", "label": "", "message": message}
                for message in item.non_form_errors()
            ]
            for number, form in enumerate(item.forms, 1):
                errors += _form_errors(form, _("Row %(number)s") % {"number": number})
        else:
            errors += _form_errors(item, "")
    return errors


def _form_errors(form, row_label: str) -> list[dict]:
    if not form.is_bound:
        return []
    errors = []
    for name, messages in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS:
            errors += [{"id": "inhoud", "label": row_label, "message": m} for m in messages]
            continue
        field = form[name]
        label = f"{row_label}, {field.label}" if row_label else field.label
        errors += [{"id": field.auto_id, "label": label, "message": m} for m in messages]
    return errors
