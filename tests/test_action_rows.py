"""The edit form's action rows are written out in Python (``agenda/forms/action_rows.py``)
for speed; ``agenda/_action_row.html`` is their readable form. Both give the same HTML."""

import re

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string

from agenda.forms.action_rows import action_row
from agenda.forms.contributions import ActionFormSet
from agenda.models import lead_choices


def same_html(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def rows_both_ways(actions):
    forms = [*actions, actions.empty_form]
    numbers = [*range(1, len(forms)), "__number__"]
    for form, number in zip(forms, numbers, strict=True):
        template = render_to_string("agenda/_action_row.html", {"form": form, "number": number})
        yield same_html(template), same_html(action_row(form, number))


@pytest.mark.django_db
def test_unbound_rows_are_the_same_as_the_templates():
    rows = [
        {
            "activity": 'Leesplan "Boekstart" & <meer>',
            "lead": "partner:KB",
            "quarters": ["q1", "q3"],
            "result": "\nRegel één\nRegel twee",
            "ORDER": 1,
        },
        {"activity": "Tweede", "lead": "", "quarters": [], "result": "", "ORDER": 2},
    ]
    actions = ActionFormSet(initial=rows, prefix="actions", form_kwargs={"leads": lead_choices()})
    for template, python in rows_both_ways(actions):
        assert python == template


@pytest.mark.django_db
def test_bound_rows_with_errors_are_the_same_as_the_templates():
    data = QueryDict(mutable=True)
    fields = {
        "actions-TOTAL_FORMS": "2",
        "actions-INITIAL_FORMS": "0",
        "actions-0-activity": "",
        "actions-0-result": "Een resultaat zonder activiteit",
        "actions-0-lead": "niet-bestaand",
        "actions-0-quarters": ["q2", "q9"],
        "actions-0-ORDER": "x",
        "actions-1-activity": "Goed",
        "actions-1-DELETE": "on",
    }
    for name, value in fields.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    actions = ActionFormSet(data, prefix="actions", form_kwargs={"leads": lead_choices()})
    assert not actions.is_valid()
    assert actions.forms[0].errors  # the comparison covers the error markup
    for template, python in rows_both_ways(actions):
        assert python == template
