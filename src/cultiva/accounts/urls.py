from django.urls import path

from cultiva.accounts import views

app_name = "accounts"

urlpatterns = [
    path("organisations/", views.organisation_index, name="organisation_list"),
    path("organisations/<int:pk>/", views.organisation_view, name="organisation_detail"),
]
