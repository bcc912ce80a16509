from django.urls import path

from cultiva.accounts import organisation_import, views
from cultiva.accounts import views_organisations as organisations
from cultiva.core.imports.urls import wizard_urlpatterns

app_name = "accounts"

urlpatterns = [
    path("me/profile/", views.profile, name="profile"),
    path("me/notifications/", views.notification_settings, name="notifications"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("me/data/", views.data_export_html, name="data_html"),
    path("me/data.json", views.data_export_json, name="data_json"),
    path("me/delete/", views.account_delete, name="delete"),
    path("organisations/", organisations.organisation_index, name="organisation_list"),
    path("organisations/new/", organisations.organisation_register, name="organisation_register"),
    path("organisations/<int:pk>/", organisations.organisation_view, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/join/", organisations.organisation_join, name="organisation_join"),
    path(
        "organisations/<int:pk>/leave/", organisations.organisation_leave, name="organisation_leave"
    ),
    path(
        "organisations/<int:pk>/requests/<int:request_pk>/",
        organisations.organisation_request_decide,
        name="organisation_request_decide",
    ),
    path(
        "organisations/<int:pk>/members/<int:membership_pk>/",
        organisations.organisation_member_update,
        name="organisation_member_update",
    ),
    path(
        "organisations/<int:pk>/verify/",
        organisations.organisation_verify,
        name="organisation_verify",
    ),
    path(
        "organisations/<int:pk>/merge/", organisations.organisation_merge, name="organisation_merge"
    ),
    *wizard_urlpatterns(kind_name=organisation_import.KIND.name, prefix="organisations/import/"),
]
