from django.urls import path

from cultiva.strategy import views

app_name = "strategy"

urlpatterns = [
    path("p/<slug:slug>/strategy/", views.strategy_for_process, name="for_process"),
    path("strategies/<int:pk>/", views.strategy_view, name="detail"),
    path("strategies/<int:pk>/pdf/", views.strategy_pdf, name="pdf"),
]
