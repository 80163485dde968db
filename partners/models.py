from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Partner(models.Model):
    """One of the six signatories of the Bibliotheekconvenant."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("government")
        LIBRARY_SYSTEM = "library_system", _("library system")

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("convention partner")
        verbose_name_plural = _("convention partners")
        permissions = [("represent_partner", _("Can act on behalf of the partner"))]

    def __str__(self):
        return f"{self.code} - {self.name}"


class Organisation(models.Model):
    """Where a person works: a partner, a local library, a POI or the advisory bureau."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("convention partner")
        LIBRARY = "library", _("local library")
        POI = "poi", _("provincial support organisation (POI)")
        ADVISORY = "advisory", _("advisory bureau")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    partner = models.OneToOneField(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class SystemProvision(models.Model):
    """A part of the library system; aspect 3 of each contribution has one text per provision."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    represented_by = models.ForeignKey(
        Partner, verbose_name=_("represented by"), on_delete=models.PROTECT
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("system provision")
        verbose_name_plural = _("system provisions")

    def __str__(self):
        return self.name


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("represents partner"),
        help_text=_("Only for partner representatives."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
    )
    name_public = models.BooleanField(
        _("name may be published"),
        default=False,
        help_text=_("The person agreed to be named in the published agenda."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username
