from django.urls import path

from cultiva.portfolio import views, views_catalogue, views_gaps, views_ranking, views_selections
from cultiva.portfolio.urls_review import urlpatterns as review_urlpatterns

app_name = "portfolio"

urlpatterns = [
    path("p/<slug:slug>/projects/", views.project_index, name="list"),
    path("p/<slug:slug>/portfolio/gaps/", views_gaps.gap_index, name="gaps"),
    path("p/<slug:slug>/portfolio/gaps/export.xlsx", views_gaps.gap_export, name="gaps_export"),
    path("p/<slug:slug>/projects/<int:pk>/edit/", views.project_edit, name="edit"),
    path("p/<slug:slug>/projects/<int:pk>/maturity/", views.project_maturity, name="maturity"),
    path("p/<slug:slug>/projects/<int:pk>/history/", views.project_history, name="history"),
    path(
        "p/<slug:slug>/projects/<int:pk>/attachments/<int:attachment_pk>/",
        views.project_attachment,
        name="attachment",
    ),
    path("contributions/<int:pk>/promote/", views.project_promote, name="promote"),
    path("projects/<int:pk>/", views.project_view, name="detail"),
    path("projects/<int:pk>/measures/", views.project_link_measure, name="link_measure"),
    # The ranking of a review round, its publication and its published results.
    path(
        "p/<slug:slug>/review/<int:round_pk>/ranking/",
        views_ranking.ranking_page,
        name="review_ranking",
    ),
    path(
        "p/<slug:slug>/review/<int:round_pk>/ranking/publish/",
        views_ranking.ranking_publish,
        name="review_publish",
    ),
    path(
        "p/<slug:slug>/review/<int:round_pk>/results/",
        views_ranking.results_page,
        name="review_results",
    ),
    path(
        "p/<slug:slug>/review/<int:round_pk>/results.xlsx",
        views_ranking.results_xlsx,
        name="review_results_xlsx",
    ),
    # Saved portfolios and the catalogue (views_selections, views_catalogue).
    path(
        "p/<slug:slug>/portfolio/selections/", views_selections.selection_index, name="selections"
    ),
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

urlpatterns += review_urlpatterns  # the expert review, under /p/<slug>/review/
# Proposals and partners (portfolio.views_proposals).
from cultiva.portfolio import views_proposals as proposals  # noqa: E402

urlpatterns += [
    path("p/<slug:slug>/proposals/", proposals.proposal_queue, name="proposal_queue"),
    path("p/<slug:slug>/proposals/new/", proposals.proposal_new, name="proposal_new"),
    path("p/<slug:slug>/proposals/mine/", proposals.proposal_mine, name="proposal_mine"),
    path("p/<slug:slug>/proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("p/<slug:slug>/proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("p/<slug:slug>/proposals/<int:pk>/step/", proposals.proposal_step, name="proposal_step"),
    path("p/<slug:slug>/partners/", proposals.partner_list, name="partner_list"),
    path("p/<slug:slug>/partners/<int:pk>/", proposals.partner_detail, name="partner_detail"),
    path(
        "p/<slug:slug>/projects/<int:pk>/partners/",
        proposals.partner_manage,
        name="partner_manage",
    ),
    path(
        "p/<slug:slug>/partners/interests/<int:interest_pk>/decide/",
        proposals.partner_interest_decide,
        name="partner_interest_decide",
    ),
]
