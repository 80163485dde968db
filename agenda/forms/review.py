"""Review steps, history restore and compare, comments and the network texts' form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agenda.forms.rich_text import RichTextForm, rich_text_field
from agenda.review.machine import ReviewStep, reason_required

# The pseudo-step in a review URL that takes a coordinator's decision (approve or
# return) from the posted form instead of from the URL.
DECIDE = "beoordelen"


class ReviewStepForm(forms.Form):
    """The optional or required reason that goes with a review step."""

    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("The team sees this in the version history and in the email."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, step, target, refusal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.url = target.review_step_url(step)  # target: a contribution or network text
        self.refusal = refusal  # why the step is not open to this user (four eyes), if so
        self.label = ReviewStep(step).label
        self.prefix = step
        self.show_reason = step in (ReviewStep.RETURN, ReviewStep.APPROVE)
        if reason_required(step):
            self.fields["reason"].required = True
            self.fields["reason"].label = _("Reason for returning")
            self.fields["reason"].help_text = _(
                "Say what the team should change; they receive this by email."
            )
            self.fields["reason"].error_messages["required"] = _(
                "Give a reason, so that the team knows what to change."
            )


class ReviewDecisionForm(forms.Form):
    """A coordinator's decision on a submitted text as one form: approve it (with an
    optional note) or return it to the team (with a required reason).

    Posted to ``target.review_step_url(DECIDE)``; ``review.pages.post_review_step`` turns
    it into the chosen step. ``refusal`` says why approving is not open to this user
    (four eyes): the page then offers only the return, and the service still refuses an
    approval that is posted anyway.
    """

    prefix = "review"
    is_decision = True
    step = DECIDE

    decision = forms.ChoiceField(
        label=_("Your decision on this version"),
        choices=[
            (ReviewStep.APPROVE, ReviewStep.APPROVE.label),
            (ReviewStep.RETURN, ReviewStep.RETURN.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to approve this version or return it.")},
    )
    note = forms.CharField(
        label=_("Note for the team"),
        help_text=_("The team sees this in the version history and in the email."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Reason for returning"),
        help_text=_("Say what the team should change; they receive this by email."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give a reason, so that the team knows what to change.")},
    )

    def __init__(self, *args, target, refusal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.url = target.review_step_url(DECIDE)
        self.refusal = refusal
        self.label = ReviewStep.RETURN.label if refusal else _("Record decision")
        self.compare_url = None  # what changed since the previous submission, if known
        # The reason is required with a return (and shown so); an approval leaves it out.
        if self.is_bound and self.data.get(self.add_prefix("decision")) != ReviewStep.RETURN:
            self.fields["reason"].required = False

    @property
    def chosen(self) -> tuple[str, str]:
        """The step and the text that goes with it (the reason or the note)."""
        step = ReviewStep(self.cleaned_data["decision"])
        text = self.cleaned_data["reason" if step == ReviewStep.RETURN else "note"]
        return step, text


class RestoreForm(forms.Form):
    base_revision = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why restore this version?"),
        help_text=_("Shown in the version history, e.g. 'Return to the agreed wording'."),
        required=False,
        max_length=300,
    )


class CompareForm(forms.Form):
    """Two history records to compare, chosen from the contribution's history."""

    van = forms.TypedChoiceField(label=_("Older version"), coerce=int)
    naar = forms.TypedChoiceField(label=_("Newer version"), coerce=int)

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(e.history_id, self.entry_label(e)) for e in reversed(entries)]
        self.fields["van"].choices = choices
        self.fields["naar"].choices = choices

    @staticmethod
    def entry_label(entry) -> str:
        """'Version 12 (03-11-2026 14:32) — submitted' for a review step, else the plain
        label: a reviewer finds the submissions, returns and approvals in the list."""
        event = {str(step.label): said for step, said in STEP_EVENTS.items()}.get(str(entry.what))
        if event is None:
            return entry.label
        return _("%(version)s — %(event)s") % {"version": entry.label, "event": event}


# What a review step made of a history record, as the compare chooser says it.
STEP_EVENTS = {
    ReviewStep.SUBMIT: pgettext_lazy("version", "submitted"),
    ReviewStep.RETURN: pgettext_lazy("version", "returned"),
    ReviewStep.APPROVE: pgettext_lazy("version", "approved"),
    ReviewStep.REOPEN: pgettext_lazy("version", "reopened"),
}


class NetworkTextForm(RichTextForm):
    base_revision = forms.IntegerField(widget=forms.HiddenInput)
    body = rich_text_field(_("Text"))
    note = forms.CharField(
        label=_("Change note"),
        help_text=_("A few words for the version history."),
        required=False,
        max_length=300,
    )
