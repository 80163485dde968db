from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from .models import Membership, Team
from .services import membership_remove, membership_set, sync_team_groups


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
