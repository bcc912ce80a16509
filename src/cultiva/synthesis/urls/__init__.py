"""Synthesis addresses, one module per feature, all in the `synthesis` namespace."""

from cultiva.synthesis.urls import duplicates, opinion, themes, translations

app_name = "synthesis"

urlpatterns = [
    *themes.urlpatterns,
    *duplicates.urlpatterns,
    *opinion.urlpatterns,
    *translations.urlpatterns,
]
