"""Contribution addresses, one module per feature, all in the `ideas` namespace."""

from cultiva.ideas.urls import browse, contributions, engagement, imports, wall

app_name = "ideas"

urlpatterns = [
    *browse.urlpatterns,
    *contributions.urlpatterns,
    *engagement.urlpatterns,
    *imports.urlpatterns,
    *wall.urlpatterns,
]
