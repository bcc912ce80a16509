from django.urls import path

from cultiva.portfolio import views

app_name = "portfolio"

urlpatterns = [
    path("p/<slug:slug>/projects/", views.project_index, name="list"),
    path("p/<slug:slug>/projects/<int:pk>/edit/", views.project_edit, name="edit"),
    path("p/<slug:slug>/projects/<int:pk>/maturity/", views.project_maturity, name="maturity"),
    path("contributions/<int:pk>/promote/", views.project_promote, name="promote"),
    path("projects/<int:pk>/", views.project_view, name="detail"),
    path("projects/<int:pk>/measures/", views.project_link_measure, name="link_measure"),
]

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
