from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from agenda.models import Contribution, Edition, Milestone


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 1


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["name", "programme_year", "is_current"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MilestoneInline]


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    """Read-only: contributions change only through the portal's services."""

    list_display = ["team", "edition", "state", "updated_at", "updated_by"]
    list_filter = ["edition", "state"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
