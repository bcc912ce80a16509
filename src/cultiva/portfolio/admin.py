from django.contrib import admin

from cultiva.core.admin_audit import AuditedModelAdmin
from cultiva.portfolio.models import MaturityChange, Project, ProjectOrigin


class ProjectOriginInline(admin.TabularInline):
    model = ProjectOrigin
    extra = 0
    raw_id_fields = ["contribution", "added_by"]


class MaturityChangeInline(admin.TabularInline):
    """The maturity history, read-only: steps are taken through the workflow on the site."""

    model = MaturityChange
    extra = 0
    can_delete = False
    readonly_fields = ["source", "target", "actor", "note", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(AuditedModelAdmin):
    list_display = ["code", "__str__", "process", "maturity", "lead_organisation"]
    list_filter = ["process", "maturity"]
    search_fields = ["code", "title"]
    raw_id_fields = ["lead_organisation", "created_by"]
    autocomplete_fields = ["settlements", "partners"]
    inlines = [ProjectOriginInline, MaturityChangeInline]
