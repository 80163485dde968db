from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from partners.models import Organisation, Partner, SystemProvision, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "partner", "is_active"]
    list_filter = ["organisation__kind", "partner", "is_active", "groups"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_select_related = ["organisation", "partner"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Network"), {"fields": ["organisation", "partner", "name_public"]}),
    ]


@admin.register(Partner)
class PartnerAdmin(GuardedModelAdmin):
    list_display = ["code", "name", "kind"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "partner"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(SystemProvision)
class SystemProvisionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "represented_by"]
