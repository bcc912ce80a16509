from django.contrib import admin

from cultiva.core.admin_audit import AuditedModelAdmin
from cultiva.portfolio.models import Project, ProjectOrigin


class ProjectOriginInline(admin.TabularInline):
    model = ProjectOrigin
    extra = 0
    raw_id_fields = ["contribution", "added_by"]


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    list_display = ["code", "__str__", "process", "maturity", "lead_organisation"]
    list_filter = ["process", "maturity"]
    search_fields = ["code", "title"]
    raw_id_fields = ["lead_organisation", "created_by"]
    autocomplete_fields = ["settlements", "partners"]
    inlines = [ProjectOriginInline]
