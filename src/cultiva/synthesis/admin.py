"""Synthesis in the admin: for inspection and repair; the pages are where people work."""

from django.contrib import admin

from cultiva.core.admin_audit import AuditedModelAdmin
from cultiva.synthesis.models import (
    ClusteringRun,
    ContributionEmbedding,
    ContributionMerge,
    Conversation,
    DuplicateCandidate,
    OpinionAnalysis,
    Statement,
    Theme,
    ThemeBoard,
    ThemeMembership,
)


@admin.register(ContributionEmbedding)
class ContributionEmbeddingAdmin(admin.ModelAdmin):
    list_display = ["contribution", "backend", "dimensions", "detected_language", "computed_at"]
    list_filter = ["backend", "detected_language"]
    raw_id_fields = ["contribution"]
    readonly_fields = ["backend", "dimensions", "text_hash", "detected_language", "computed_at"]
    exclude = ["vector"]


@admin.register(ThemeBoard)
class ThemeBoardAdmin(AuditedModelAdmin):
    list_display = ["process", "published_at", "published_by"]
    raw_id_fields = ["published_by"]


@admin.register(ClusteringRun)
class ClusteringRunAdmin(admin.ModelAdmin):
    list_display = [
        "process",
        "created_at",
        "status",
        "backend",
        "theme_count",
        "contribution_count",
        "silhouette",
    ]
    list_filter = ["status", "process"]
    raw_id_fields = ["started_by"]
    readonly_fields = ["finished_at", "error"]


class ThemeMembershipInline(admin.TabularInline):
    model = ThemeMembership
    extra = 0
    raw_id_fields = ["contribution"]


@admin.register(Theme)
class ThemeAdmin(AuditedModelAdmin):
    list_display = ["label", "process", "is_locked", "label_is_custom", "project", "position"]
    list_filter = ["process", "is_locked"]
    search_fields = ["label"]
    raw_id_fields = ["run", "project"]
    inlines = [ThemeMembershipInline]


@admin.register(DuplicateCandidate)
class DuplicateCandidateAdmin(admin.ModelAdmin):
    list_display = ["first", "second", "similarity", "status", "process"]
    list_filter = ["status", "process"]
    raw_id_fields = ["first", "second", "decided_by"]


@admin.register(ContributionMerge)
class ContributionMergeAdmin(admin.ModelAdmin):
    list_display = ["merged", "kept", "process", "created_at", "undone_at"]
    raw_id_fields = ["kept", "merged", "candidate", "merged_by", "undone_by"]


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 0
    raw_id_fields = ["contribution", "author"]
    fields = ["text", "moderation", "external_id", "contribution", "author"]


@admin.register(Conversation)
class ConversationAdmin(AuditedModelAdmin):
    list_display = ["title", "process", "source", "is_open", "created_at"]
    list_filter = ["source", "is_open", "process"]
    raw_id_fields = ["created_by", "meeting"]
    inlines = [StatementInline]


@admin.register(OpinionAnalysis)
class OpinionAnalysisAdmin(admin.ModelAdmin):
    list_display = ["conversation", "vote_count", "computed_at"]
    raw_id_fields = ["conversation"]
