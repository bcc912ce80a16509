from django.contrib import admin

from cultiva.core.admin_audit import AuditedModelAdmin
from cultiva.processes.models import Phase, Process, ProcessRole


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class ProcessRoleInline(admin.TabularInline):
    model = ProcessRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Process)
class ProcessAdmin(AuditedModelAdmin):
    list_display = ["__str__", "slug", "county", "starts_on", "ends_on", "is_published"]
    list_filter = ["is_published", "county"]
    search_fields = ["slug", "title"]
    inlines = [PhaseInline, ProcessRoleInline]
