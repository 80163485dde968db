from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners and people")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .throttling import forget_own_failures

        user_logged_in.connect(forget_own_failures, dispatch_uid="partners.forget_own_failures")
