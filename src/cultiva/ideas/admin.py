from django.contrib import admin

from cultiva.core.admin_audit import AuditedModelAdmin
from cultiva.ideas.models import Contribution


@admin.register(Contribution)
class ContributionAdmin(AuditedModelAdmin):
    list_display = ["title", "process", "kind", "status", "language", "source", "created_at"]
    list_filter = ["process", "kind", "status", "language", "source"]
    search_fields = ["title", "body"]
    raw_id_fields = ["author", "organisation", "meeting"]
    autocomplete_fields = ["settlements"]
    # Status moves go through the workflow on the site, where the rules are enforced.
    readonly_fields = ["status", "created_at", "submitted_at", "updated_at"]
