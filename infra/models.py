"""The pages about the site itself (accessibility statement, privacy, contact, and *Over
de Netwerkagenda*).

The model was ``partners.SitePage`` until the site's infrastructure got an app of its
own; migration ``infra.0001`` took it over with its tables.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SitePage(models.Model):
    """A page about the site itself (accessibility statement, privacy, contact, and *Over
    de Netwerkagenda*), readable without logging in, with its history.

    A plain page is edited in the admin: an empty line starts a paragraph and web and
    e-mail addresses become links, so nothing it holds needs sanitising. A ``rich`` page
    (the about page) holds HTML that only the portal's editor writes, sanitised
    (``portal.services.site_page_save``); the admin shows it read-only.
    """

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Plain text. An empty line starts a new paragraph; web and e-mail addresses "
            "become links."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    rich = models.BooleanField(
        _("rich text"),
        default=False,
        help_text=_(
            "Rich text is edited in the portal by coordinators (sanitised there), not here."
        ),
    )
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("site_page", args=[self.slug])
