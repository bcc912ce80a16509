from django.contrib import admin

from cultiva.core.admin_audit import AuditedModelAdmin
from cultiva.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(AuditedModelAdmin):
    list_display = ["__str__", "process", "kind", "format", "starts_at", "is_published"]
    list_filter = ["process", "kind", "format", "is_published"]
    search_fields = ["title", "venue"]
    autocomplete_fields = ["settlement"]
    date_hierarchy = "starts_at"
