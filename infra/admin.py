from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from infra.models import SitePage


@admin.register(SitePage)
class SitePageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "rich", "updated_at"]
    prepopulated_fields = {"slug": ["title"]}

    def get_readonly_fields(self, request, obj=None):
        """A rich page's HTML is written only through the portal's editor, which
        sanitises it."""
        return ["body", "rich"] if obj is not None and obj.rich else ["rich"]
