from django.urls import path

from cultiva.accounts import views

app_name = "accounts"

urlpatterns = [
    path("me/profile/", views.profile, name="profile"),
    path("me/notifications/", views.notification_settings, name="notifications"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("me/data/", views.data_export_html, name="data_html"),
    path("me/data.json", views.data_export_json, name="data_json"),
    path("me/delete/", views.account_delete, name="delete"),
    path("organisations/", views.organisation_index, name="organisation_list"),
    path("organisations/<int:pk>/", views.organisation_view, name="organisation_detail"),
]
