from django.contrib import admin

from cultiva.core.admin_audit import AuditedModelAdmin
from cultiva.strategy.models import Goal, Measure, PriorityAxis, Strategy


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    show_change_link = True


class AxisInline(admin.TabularInline):
    model = PriorityAxis
    extra = 0
    show_change_link = True


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0
    show_change_link = True
    exclude = ["projects"]


@admin.register(Strategy)
class StrategyAdmin(AuditedModelAdmin):
    list_display = ["__str__", "process", "period_start", "period_end", "status", "version"]
    list_filter = ["process", "status"]
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(AuditedModelAdmin):
    list_display = ["code", "__str__", "strategy"]
    inlines = [AxisInline]


@admin.register(PriorityAxis)
class PriorityAxisAdmin(AuditedModelAdmin):
    list_display = ["code", "__str__", "goal"]
    inlines = [MeasureInline]


@admin.register(Measure)
class MeasureAdmin(AuditedModelAdmin):
    list_display = ["code", "__str__", "axis"]
    search_fields = ["code", "title"]
