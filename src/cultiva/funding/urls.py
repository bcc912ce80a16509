from django.urls import path  # noqa: F401

from cultiva.funding import urls_dashboard

app_name = "funding"

urlpatterns: list = []
urlpatterns += urls_dashboard.urlpatterns
