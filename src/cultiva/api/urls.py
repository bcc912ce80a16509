from django.urls import path

from cultiva.api import views

app_name = "api_tokens"

urlpatterns = [
    path("me/tokens/", views.token_list, name="list"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
