"""Comments: a new thread (optionally about a passage) and a reply in one; both may
mention people who read the chapter."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from agenda.services.proposals import MAX_TEXT

MENTION = re.compile(r"(?<![\w@.])@([\w.+-]+)")
"""``@username`` in a comment's text: how a mention is typed without the page's script
(the script's list sends the chosen people's ids as well)."""


class MentionsField(forms.Field):
    """The ids of the people chosen from the page's list (hidden inputs ``noemen``)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return sorted({int(item) for item in value or [] if str(item).strip()})
        except (TypeError, ValueError):
            raise forms.ValidationError(
                _("You can only mention people who may read this chapter."), code="invalid"
            ) from None


class _MentioningForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "data-mention-input": ""}),
        error_messages={"required": _("Write a comment first.")},
    )
    mentions = MentionsField(required=False)

    MENTION_HINT = _("Type @ to mention someone who may read this chapter.")

    def add_prefix(self, field_name):
        # The script adds one hidden input per person chosen, named as the server reads it.
        return "noemen" if field_name == "mentions" else super().add_prefix(field_name)

    def mentioned(self) -> list[int]:
        """The ids chosen from the list and the ``@username`` typed: the service checks
        that each may read the chapter."""
        names = set(MENTION.findall(self.cleaned_data.get("body", "")))
        typed = get_user_model().objects.filter(username__in=names, is_active=True)
        return sorted(
            set(self.cleaned_data.get("mentions", [])) | set(typed.values_list("pk", flat=True))
        )


class CommentForm(_MentioningForm):
    """A new thread on one aspect; ``exact`` (with ``prefix``/``suffix`` from the page's
    script) anchors it to a passage of that aspect's text, as a proposal is anchored."""

    aspect = forms.ChoiceField(label=_("About"))
    exact = forms.CharField(
        label=_("Passage the comment is about"),
        help_text=_(
            "Select words in the text, or copy them here exactly as they stand (within one "
            "paragraph)."
        ),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    prefix = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)
    suffix = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)

    field_order = ["aspect", "exact", "body"]

    def __init__(self, *args, contribution, mentioning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspect"].choices = contribution.aspect_choices()
        if mentioning:  # on the chapter's page (not on an agenda version's feedback)
            self.fields["body"].help_text = self.MENTION_HINT

    def comment_input(self) -> dict:
        data = self.cleaned_data
        return {
            "aspect": data["aspect"],
            "body": data["body"],
            "exact": data.get("exact", ""),
            "prefix": data.get("prefix", "")[:64],
            "suffix": data.get("suffix", "")[:64],
            "mentions": self.mentioned(),
        }


class ReplyForm(_MentioningForm):
    """A reply in a thread; its fields' ids name the thread, so many fit on one page."""

    def __init__(self, *args, thread, **kwargs):
        kwargs.setdefault("auto_id", f"antwoord-{thread.pk}-%s")
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Your reply")
        self.fields["body"].help_text = self.MENTION_HINT
