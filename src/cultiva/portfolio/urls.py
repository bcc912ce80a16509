from django.urls import path

from cultiva.portfolio import views
from cultiva.portfolio.urls_review import urlpatterns as review_urlpatterns

app_name = "portfolio"

urlpatterns = [
    path("p/<slug:slug>/projects/", views.project_index, name="list"),
    path("p/<slug:slug>/projects/<int:pk>/edit/", views.project_edit, name="edit"),
    path("p/<slug:slug>/projects/<int:pk>/maturity/", views.project_maturity, name="maturity"),
    path("contributions/<int:pk>/promote/", views.project_promote, name="promote"),
    path("projects/<int:pk>/", views.project_view, name="detail"),
    path("projects/<int:pk>/measures/", views.project_link_measure, name="link_measure"),
]

urlpatterns += review_urlpatterns  # the expert review, under /p/<slug>/review/
