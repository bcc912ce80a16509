from django.urls import path

from cultiva.strategy import views, views_edit

app_name = "strategy"

_NODE_SEGMENTS = (("goal", "goals"), ("axis", "axes"), ("measure", "measures"))

urlpatterns = [
    path("p/<slug:slug>/strategy/", views.strategy_for_process, name="for_process"),
    path("p/<slug:slug>/strategy/new/", views_edit.strategy_create, name="create"),
    path("strategies/<int:pk>/", views.strategy_view, name="detail"),
    path("strategies/<int:pk>/pdf/", views.strategy_pdf, name="pdf"),
    path("p/<slug:slug>/strategies/<int:pk>/edit/", views_edit.strategy_edit, name="edit"),
    path(
        "p/<slug:slug>/strategies/<int:pk>/goals/new/",
        views_edit.node_add,
        {"parent_kind": "strategy"},
        name="goal_add",
    ),
    path(
        "p/<slug:slug>/goals/<int:pk>/axes/new/",
        views_edit.node_add,
        {"parent_kind": "goal"},
        name="axis_add",
    ),
    path(
        "p/<slug:slug>/axes/<int:pk>/measures/new/",
        views_edit.node_add,
        {"parent_kind": "axis"},
        name="measure_add",
    ),
    *(
        path(f"p/<slug:slug>/{segment}/<int:pk>/{action}/", view, {"kind": kind}, name=name)
        for kind, segment in _NODE_SEGMENTS
        for action, view, name in (
            ("edit", views_edit.node_edit, f"{kind}_edit"),
            ("delete", views_edit.node_delete, f"{kind}_delete"),
            ("move", views_edit.node_move, f"{kind}_move"),
        )
    ),
    path("p/<slug:slug>/measures/<int:pk>/projects/", views_edit.measure_link, name="measure_link"),
    path(
        "p/<slug:slug>/measures/<int:pk>/projects/<int:project_pk>/unlink/",
        views_edit.measure_unlink,
        name="measure_unlink",
    ),
]
