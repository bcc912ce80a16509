"""Admin for territory, taxonomy and the (read-only) activity log.

Coordinators of any process may look after the territory and the vocabularies here,
and import a county's settlements from CSV.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cultiva.core.models import (
    ActivityLog,
    County,
    Locality,
    MicroRegion,
    Settlement,
    TaxonomyTerm,
)
from cultiva.core.territory import (
    HARGHITA_NAME_HU,
    HARGHITA_NAME_RO,
    HARGHITA_SIRUTA,
    MAX_UPLOAD_BYTES,
    TerritoryImportError,
    read_csv_upload,
    territory_load_csv,
)
from cultiva.processes.rules import is_any_coordinator


def may_manage_territory(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or is_any_coordinator(user))
    )


class CoordinatorAdminMixin:
    """Coordinators may view, add and change these records even without model permissions."""

    def has_module_permission(self, request):
        return super().has_module_permission(request) or may_manage_territory(request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or may_manage_territory(request.user)

    def has_add_permission(self, request):
        return super().has_add_permission(request) or may_manage_territory(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or may_manage_territory(request.user)


@admin.register(County)
class CountyAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["name_ro", "name_hu", "siruta"]
    search_fields = ["name_ro", "name_hu", "=siruta"]


@admin.register(MicroRegion)
class MicroRegionAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["name", "county"]
    list_filter = ["county"]
    search_fields = ["name"]


class LocalityInline(admin.TabularInline):
    model = Locality
    extra = 0
    fields = ["siruta", "name_ro", "name_hu", "latitude", "longitude"]

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or may_manage_territory(request.user)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) or may_manage_territory(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or may_manage_territory(request.user)


class TerritoryImportForm(forms.Form):
    county_siruta = forms.IntegerField(
        label=gettext_lazy("County SIRUTA code"), min_value=1, initial=HARGHITA_SIRUTA
    )
    county_name_ro = forms.CharField(
        label=gettext_lazy("County name in Romanian"), max_length=120, initial=HARGHITA_NAME_RO
    )
    county_name_hu = forms.CharField(
        label=gettext_lazy("County name in Hungarian"),
        max_length=120,
        required=False,
        initial=HARGHITA_NAME_HU,
    )
    uat_file = forms.FileField(
        label=gettext_lazy("Settlements (UAT) CSV file"),
        help_text=gettext_lazy(
            "Columns: siruta, type, name_ro, and optionally name_hu, micro_region, lat, lon."
        ),
    )
    localities_file = forms.FileField(
        label=gettext_lazy("Localities CSV file"),
        required=False,
        help_text=gettext_lazy(
            "Columns: siruta, parent_siruta, name_ro, and optionally name_hu, lat, lon."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("uat_file", "localities_file"):
            upload = cleaned.get(name)
            if upload and upload.size > MAX_UPLOAD_BYTES:
                self.add_error(
                    name,
                    _("The file is too large; the limit is %(limit)s MB.")
                    % {"limit": MAX_UPLOAD_BYTES // 1024 // 1024},
                )
        return cleaned


@admin.register(Settlement)
class SettlementAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    change_list_template = "admin/core/settlement/change_list.html"
    list_display = ["name_ro", "name_hu", "siruta", "kind", "micro_region", "county"]
    list_filter = ["micro_region", "kind", "county"]
    search_fields = ["name_ro", "name_hu", "=siruta", "localities__name_ro", "localities__name_hu"]
    list_select_related = ["micro_region", "county"]
    inlines = [LocalityInline]

    def get_urls(self):
        urls = super().get_urls()
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="core_settlement_import",
            )
        ]
        return custom + urls

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import_territory": may_manage_territory(request.user),
        }
        return super().changelist_view(request, extra_context=extra_context)

    def import_view(self, request):
        if not may_manage_territory(request.user):
            raise PermissionDenied(_("Only coordinators can import the territory."))
        form = TerritoryImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                uat_rows = read_csv_upload(data["uat_file"].read())
                locality_rows = (
                    read_csv_upload(data["localities_file"].read())
                    if data.get("localities_file")
                    else None
                )
                result = territory_load_csv(
                    county_siruta=data["county_siruta"],
                    county_name_ro=data["county_name_ro"],
                    county_name_hu=data["county_name_hu"],
                    uat_rows=uat_rows,
                    locality_rows=locality_rows,
                    actor=request.user,
                )
            except TerritoryImportError as error:
                messages.error(
                    request, _("Nothing was imported. Fix these problems and try again.")
                )
                for message in error.errors:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _(
                        "%(county)s imported: %(settlements)s settlements (%(s_new)s new, "
                        "%(s_upd)s updated) and %(localities)s localities (%(l_new)s new, "
                        "%(l_upd)s updated)."
                    )
                    % {
                        "county": result.county,
                        "settlements": result.settlements,
                        "s_new": result.settlements_created,
                        "s_upd": result.settlements_updated,
                        "localities": result.localities,
                        "l_new": result.localities_created,
                        "l_upd": result.localities_updated,
                    },
                )
                return redirect(reverse("admin:core_settlement_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import territory from CSV"),
            "opts": self.model._meta,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/core/settlement/import_territory.html", context)


@admin.register(Locality)
class LocalityAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["name_ro", "name_hu", "siruta", "settlement"]
    list_filter = ["settlement__micro_region"]
    search_fields = ["name_ro", "name_hu", "=siruta", "settlement__name_ro", "settlement__name_hu"]
    list_select_related = ["settlement"]
    autocomplete_fields = ["settlement"]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(CoordinatorAdminMixin, admin.ModelAdmin):
    list_display = ["slug", "vocabulary", "name_hu", "name_ro", "name_en", "position"]
    list_filter = ["vocabulary"]
    search_fields = ["slug", "name__hu", "name__ro", "name__en"]
    ordering = ["vocabulary", "position", "slug"]

    @admin.display(description=gettext_lazy("Hungarian name"))
    def name_hu(self, obj):
        return (obj.name or {}).get("hu", "")

    @admin.display(description=gettext_lazy("Romanian name"))
    def name_ro(self, obj):
        return (obj.name or {}).get("ro", "")

    @admin.display(description=gettext_lazy("English name"))
    def name_en(self, obj):
        return (obj.name or {}).get("en", "")


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "verb", "target_type", "target_repr", "process"]
    list_filter = ["verb", "target_type"]
    search_fields = ["verb", "target_repr", "actor__email", "actor__full_name"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "target_type", "process"]
    readonly_fields = [
        "created_at",
        "actor",
        "verb",
        "target_type",
        "target_id",
        "target_repr",
        "process",
        "changes",
    ]

    def has_module_permission(self, request):
        return super().has_module_permission(request) or may_manage_territory(request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or may_manage_territory(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
