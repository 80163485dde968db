from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    """A programme team; it writes one chapter (contribution) of each edition."""

    class Kind(models.TextChoices):
        SOCIETAL_TASK = "societal_task", _("societal task")
        SYSTEM_CHALLENGE = "system_challenge", _("system challenge")

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    owns_network_texts = models.BooleanField(_("owns motto and manifesto"), default=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("programme team")
        verbose_name_plural = _("programme teams")
        permissions = [
            ("read_team", _("Can read the team's drafts")),
            ("comment_team", _("Can comment on the team's drafts")),
            ("write_team", _("Can write the team's contribution")),
            ("coordinate", _("Can coordinate the network agenda (model-wide)")),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


# How the agenda groups the chapters, in agenda order.
KIND_GROUPS = [
    (Team.Kind.SOCIETAL_TASK, _("Societal tasks")),
    (Team.Kind.SYSTEM_CHALLENGE, _("System challenges")),
]


class Membership(models.Model):
    """A person's role in one team. The role decides which team group the person is in."""

    class Role(models.TextChoices):
        WRITER = "writer", _("writer")
        MEMBER = "member", _("team member")
        READ_ALONG = "read_along", _("read-along")

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        ordering = ["team", "role", "user__first_name", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="one_membership_per_team")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} - {self.team} ({self.get_role_display()})"


class TeamGroup(models.Model):
    """The auth group that holds one role's object permissions on one team."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="groups")
    role = models.CharField(max_length=10, choices=Membership.Role.choices)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="team_group")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "role"], name="one_group_per_role")]

    def __str__(self):
        return self.group.name
