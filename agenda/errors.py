"""The errors every agenda service raises; their messages are safe to show."""

from django.utils.translation import gettext as _


class AgendaError(Exception):
    """A domain rule refused the change; the message is safe to show to the user."""


class ContributionConflict(AgendaError):
    """Someone saved the contribution after the editor's base revision."""

    def __init__(self, current):
        super().__init__(_("Someone else saved this text after you opened it."))
        self.current = current
