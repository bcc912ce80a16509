from django.urls import path  # noqa: F401

from cultiva.funding import urls_applications
from cultiva.funding import urls_dashboard

app_name = "funding"

urlpatterns: list = []
urlpatterns += urls_applications.urlpatterns
urlpatterns += urls_dashboard.urlpatterns
