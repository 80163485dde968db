"""The chapter's edit form: the four aspects, the action table, conflict choices."""

from django import forms
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
    ManagementForm,
)
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from agenda.forms.action_rows import action_row
from agenda.forms.rich_text import RichTextForm, rich_text_field
from agenda.models import QUARTERS, Contribution, lead_choices
from agenda.services import ContributionContent
from agenda.texts import aspects
from partners.models import SystemProvision


class ContributionForm(RichTextForm):
    """The four aspects (``aspects.ASPECTS``). Nothing is required to save: a concept may
    be saved incomplete. The texts are marked ``needed_to_submit`` (``aspects.missing``),
    so that the page does not call them optional.

    With ``conflict_with`` (the contribution as someone else saved it), the writer
    chooses per text and for the action table between their version and that one.
    """

    base_revision = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Change note"),
        help_text=_("A few words for the version history, e.g. 'Ambition sharpened'."),
        required=False,
        max_length=300,
    )

    def __init__(self, *args, provisions=None, conflict_with=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.provisions = list(SystemProvision.objects.all() if provisions is None else provisions)
        self.texts = aspects.texts(self.provisions)
        self.conflict_with = conflict_with
        for text in self.texts:
            field = rich_text_field(text.label, text.help_text)
            field.aspect = text.aspect  # the edit page groups the fields by aspect
            field.needed_to_submit = True  # optional for a draft, needed to submit
            self.fields[text.name] = field
        self.order_fields(["base_revision", *self.aspect_names(), "note"])
        if conflict_with is not None:
            self._add_conflict_choices()

    @classmethod
    def resolving(cls, data, current: Contribution) -> "ContributionForm":
        """The posted form again, now based on ``current``'s revision, with a choice per
        text and for the table: nothing of the writer's changes unless they choose."""
        provisions = list(SystemProvision.objects.all())
        data = data.copy()
        data["base_revision"] = str(current.revision)
        for name, _label in aspects.subjects(provisions):
            data.setdefault(cls.choice_name(name), "mine")
        return cls(data, provisions=provisions, conflict_with=current)

    def _add_conflict_choices(self):
        """Per text and for the table: keep mine (possibly hand-merged) or take the current."""
        for text in self.texts:
            question = _("Which text do you keep for '%(aspect)s'?") % {"aspect": text.label}
            self._add_choice(text.name, question)
        self._add_choice(aspects.ACTIONS, _("Which action table do you keep?"))

    def _add_choice(self, subject, question):
        # Not required: only the parts that differ show their choice; a part left out
        # keeps the writer's text, which then equals the current one.
        self.fields[self.choice_name(subject)] = forms.ChoiceField(
            label=question,
            choices=CONFLICT_CHOICES,
            initial="mine",
            required=False,
            widget=forms.RadioSelect,
        )

    def aspect_names(self) -> list[str]:
        return [text.name for text in self.texts]

    def aspect_fields(self):
        """The bound rich-text fields, in agenda order."""
        return [self[name] for name in self.aspect_names()]

    @staticmethod
    def choice_name(subject: str) -> str:
        return f"choice_{subject}"

    def choice(self, subject: str):
        """During a conflict: the radio buttons for one text, or for ``aspects.ACTIONS``."""
        return self[self.choice_name(subject)]

    def actions_choice(self):
        return self.choice(aspects.ACTIONS)

    def takes_current(self, subject: str) -> bool:
        return (
            self.conflict_with is not None
            and self.cleaned_data.get(self.choice_name(subject)) == "current"
        )

    @classmethod
    def initial_for(cls, contribution: Contribution) -> dict:
        return {"base_revision": contribution.revision, **aspects.stored_texts(contribution)}


CONFLICT_CHOICES = [
    ("mine", _("My text (edit it above to merge by hand)")),
    ("current", _("The text saved by the other person")),
]


class LeadOptions:
    """Who can lead an action, with the select's ``<option>`` tags, for one action table.

    Every row offers the same leads and differs only in the one selected, so the tags are
    rendered once per selected value (``agenda/_lead_options.html``), not once per row.
    """

    def __init__(self, leads):
        self.choices = [("", _("- choose -")), *leads]
        self._tags = {}

    def tags(self, selected) -> str:
        """The options, the one of value ``selected`` selected; ``None`` selects the
        empty choice, as Django's ``Select`` does."""
        key = "" if selected is None else str(selected)
        if key not in self._tags:
            self._tags[key] = render_to_string(
                "agenda/_lead_options.html", {"choices": self.choices, "selected": key}
            )
        return self._tags[key]


class ActionForm(forms.Form):
    activity = forms.CharField(label=_("Activity"), required=False, max_length=500)
    lead = forms.ChoiceField(label=_("Lead"), required=False)
    quarters = forms.MultipleChoiceField(
        label=_("Planned quarters"),
        choices=QUARTERS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    result = forms.CharField(
        label=_("Expected result"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, leads=None, lead_options=None, **kwargs):
        super().__init__(*args, **kwargs)
        if lead_options is None:
            lead_options = LeadOptions(lead_choices() if leads is None else leads)
        self.lead_options = lead_options
        self.fields["lead"].choices = lead_options.choices

    def lead_option_tags(self) -> str:
        """The lead select's options with this row's lead selected."""
        return self.lead_options.tags(self["lead"].value())

    def clean(self):
        data = super().clean()
        filled = any(data.get(name) for name in aspects.ACTION_FIELDS)
        if filled and not data.get("activity"):
            self.add_error("activity", _("Describe the activity, or remove this row."))
        return data


MAX_ACTIONS = 100
"""The most rows an action table has; the formset never builds more forms than this."""


class BaseActionFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _(
            "The action table arrived incomplete: its number of rows is missing or not a "
            "number. Nothing has been saved. Copy your text, then reload the page to edit "
            "the actions."
        ),
        "too_many_forms": _(
            "The action table can have at most %(num)d rows. Remove the rows you do not "
            "need and save again."
        ),
    }

    def __init__(self, *args, form_kwargs=None, **kwargs):
        form_kwargs = dict(form_kwargs or {})
        if "lead_options" not in form_kwargs:  # the same for every row: built once per table
            leads = form_kwargs.pop("leads", None)
            form_kwargs["lead_options"] = LeadOptions(lead_choices() if leads is None else leads)
        super().__init__(*args, form_kwargs=form_kwargs, **kwargs)

    def management_form_for_page(self):
        """The management form to show again: it counts the rows on the page.

        After too many rows, only ``MAX_ACTIONS`` are shown; the posted count would
        refuse every later save, this one lets the writer remove rows and save. An
        unreadable count is shown as posted, so a save cannot drop the stored rows.
        """
        if not self.is_bound or not self.management_form.is_valid():
            return self.management_form
        return ManagementForm(
            auto_id=self.auto_id,
            prefix=self.prefix,
            initial={
                TOTAL_FORM_COUNT: self.total_form_count(),
                INITIAL_FORM_COUNT: self.initial_form_count(),
                MIN_NUM_FORM_COUNT: self.min_num,
                MAX_NUM_FORM_COUNT: self.max_num,
            },
            renderer=self.renderer,
        )

    def rows_html(self) -> list:
        """Each row's inputs as HTML, numbered from 1 (``action_rows``: written out in
        Python, a row through the template engine cost about a millisecond)."""
        return [action_row(form, number) for number, form in enumerate(self.forms, 1)]

    def empty_row_html(self):
        """The row that "add an action" copies (its number and index filled in by
        ``actions.js``)."""
        return action_row(self.empty_form, "__number__")

    def rows(self) -> list[dict]:
        """The kept rows in the order the writer gave them; empty rows are dropped."""
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("activity")
        ]
        kept.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
        return [{name: form.cleaned_data[name] for name in aspects.ACTION_FIELDS} for form in kept]


ActionFormSet = forms.formset_factory(
    ActionForm,
    formset=BaseActionFormSet,
    extra=0,
    can_order=True,
    can_delete=True,
    max_num=MAX_ACTIONS,
    absolute_max=MAX_ACTIONS,
    validate_max=True,
)


def contribution_content(form: ContributionForm, actions: BaseActionFormSet):
    """The service's input from two valid forms, with a conflict's choices applied."""
    current = form.conflict_with

    def html(text):
        if form.takes_current(text.name):
            return text.html_of(current)
        return form.cleaned_data[text.name]

    return ContributionContent(
        **aspects.content_fields((text, html(text)) for text in form.texts),
        actions=current.actions if form.takes_current(aspects.ACTIONS) else actions.rows(),
    )
