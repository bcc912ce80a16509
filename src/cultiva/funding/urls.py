from django.urls import path  # noqa: F401

from cultiva.funding import urls_catalogue

app_name = "funding"

urlpatterns: list = []
urlpatterns += urls_catalogue.urlpatterns
