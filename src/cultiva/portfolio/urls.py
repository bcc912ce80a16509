from django.urls import path

from cultiva.portfolio import views, views_catalogue, views_selections

app_name = "portfolio"

urlpatterns = [
    path("p/<slug:slug>/projects/", views.project_index, name="list"),
    path("p/<slug:slug>/projects/<int:pk>/edit/", views.project_edit, name="edit"),
    path("p/<slug:slug>/projects/<int:pk>/maturity/", views.project_maturity, name="maturity"),
    path("contributions/<int:pk>/promote/", views.project_promote, name="promote"),
    path("projects/<int:pk>/", views.project_view, name="detail"),
    path("projects/<int:pk>/measures/", views.project_link_measure, name="link_measure"),
    # Saved portfolios and the catalogue (views_selections, views_catalogue).
    path("p/<slug:slug>/portfolio/selections/", views_selections.selection_index, name="selections"),
    path(
        "p/<slug:slug>/portfolio/selections/new/",
        views_selections.selection_create,
        name="selection_create",
    ),
    path(
        "p/<slug:slug>/portfolio/selections/compare/",
        views_selections.selection_compare_view,
        name="selection_compare",
    ),
    path(
        "p/<slug:slug>/portfolio/selections/<int:selection_pk>/",
        views_selections.selection_detail,
        name="selection",
    ),
    path(
        "p/<slug:slug>/portfolio/selections/<int:selection_pk>/rename/",
        views_selections.selection_rename,
        name="selection_rename",
    ),
    path(
        "p/<slug:slug>/portfolio/selections/<int:selection_pk>/delete/",
        views_selections.selection_delete,
        name="selection_delete",
    ),
    path(
        "p/<slug:slug>/portfolio/catalogue/pdf/",
        views_catalogue.catalogue_pdf,
        name="catalogue_pdf",
    ),
    path(
        "p/<slug:slug>/portfolio/catalogue/docx/",
        views_catalogue.catalogue_docx,
        name="catalogue_docx",
    ),
    path("p/<slug:slug>/portfolio/cards/xlsx/", views_catalogue.cards_xlsx, name="cards_xlsx"),
]
