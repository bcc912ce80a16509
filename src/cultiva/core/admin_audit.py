"""Admin classes whose saves and deletions also land in Cultiva's activity log."""

from __future__ import annotations

from django.contrib import admin

from cultiva.core.activity import activity_record


def _process_of(obj):
    for path in (
        "process",
        "strategy.process",
        "goal.strategy.process",
        "axis.goal.strategy.process",
    ):
        target = obj
        for attribute in path.split("."):
            target = getattr(target, attribute, None)
            if target is None:
                break
        if target is not None:
            return target
    return None


class AuditedModelAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        activity_record(
            actor=request.user,
            verb=f"{obj._meta.model_name}.{'changed' if change else 'created'}_in_admin",
            target=obj,
            process=_process_of(obj),
            changes={"fields": sorted(form.changed_data)} if change else {},
        )

    def delete_model(self, request, obj):
        activity_record(
            actor=request.user,
            verb=f"{obj._meta.model_name}.deleted_in_admin",
            target=obj,
            process=_process_of(obj),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            activity_record(
                actor=request.user,
                verb=f"{obj._meta.model_name}.deleted_in_admin",
                target=obj,
                process=_process_of(obj),
            )
        super().delete_queryset(request, queryset)
