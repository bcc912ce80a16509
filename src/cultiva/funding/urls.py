from django.urls import path  # noqa: F401

from cultiva.funding import urls_matching

app_name = "funding"

urlpatterns: list = []
urlpatterns += urls_matching.urlpatterns
