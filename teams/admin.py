from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from partners.admin import UserAdmin
from partners.models import User
from teams.models import Membership, Team
from teams.services import (
    membership_remove,
    membership_set,
    sync_team_groups,
    sync_user_team_groups,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(GuardedModelAdmin):
    list_display = ["number", "name", "kind"]
    inlines = [MembershipInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Inline edits bypass the services; bring the permission groups in line.
        sync_team_groups(form.instance)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role"]
    list_filter = ["team", "role"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        membership_set(team=obj.team, user=obj.user, role=obj.role)

    def delete_model(self, request, obj):
        membership_remove(membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            membership_remove(membership=membership)


class MembershipOfUserInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    verbose_name_plural = _("team memberships (manage them on the team)")
    fields = ["team", "role"]
    readonly_fields = ["team", "role"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


admin.site.unregister(User)


@admin.register(User)
class TeamAwareUserAdmin(UserAdmin):
    """The user admin without the team groups: team rights come only from memberships."""

    inlines = [MembershipOfUserInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = db_field.related_model.objects.filter(team_group__isnull=True)
            kwargs["help_text"] = _(
                "Team rights are not given here: add the person to a team as a membership."
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Saving the form set the groups to the (team-less) choice; the memberships decide.
        sync_user_team_groups(form.instance)
