from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The portal's public pages around the agenda: the welcome page, the timeline and
    the programme teams. Reads the agenda and the teams; nothing depends on it."""

    name = "portal"
    verbose_name = _("Portal pages")
