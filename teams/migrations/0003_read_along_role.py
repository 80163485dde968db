"""One word per concept: the read-along role is ``read_along`` (it was stored as
``reader``, the word the portal uses for anyone who may read). Memberships, the team
groups' roles and the groups' names follow."""

from django.db import migrations, models

ROLES = [("writer", "writer"), ("member", "team member"), ("read_along", "read-along")]


def rename(apps, old: str, new: str) -> None:
    Membership = apps.get_model("teams", "Membership")
    TeamGroup = apps.get_model("teams", "TeamGroup")
    Membership.objects.filter(role=old).update(role=new)
    for team_group in TeamGroup.objects.filter(role=old).select_related("group", "team"):
        team_group.role = new
        team_group.save(update_fields=["role"])
        team_group.group.name = f"team-{team_group.team.number:02d}-{new}"
        team_group.group.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("teams", "0002_seed_teams"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(choices=ROLES, max_length=10, verbose_name="role"),
        ),
        migrations.AlterField(
            model_name="teamgroup",
            name="role",
            field=models.CharField(choices=ROLES, max_length=10),
        ),
        migrations.RunPython(
            lambda apps, schema_editor: rename(apps, "reader", "read_along"),
            lambda apps, schema_editor: rename(apps, "read_along", "reader"),
        ),
    ]
