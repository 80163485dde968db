from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfraConfig(AppConfig):
    """The site's own infrastructure, at the bottom of the apps: middleware, error pages,
    health, backup and restore, login throttling, the lost-update guard, the site's
    language and the pages about the site. It imports no other app of the portal."""

    name = "infra"
    verbose_name = _("Site")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from infra.throttling import forget_own_failures

        user_logged_in.connect(forget_own_failures, dispatch_uid="infra.forget_own_failures")
