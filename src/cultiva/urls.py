from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from cultiva.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("", include("cultiva.api.urls")),
    path("", include("cultiva.accounts.urls")),
    path("", include("cultiva.ideas.urls")),
    path("", include("cultiva.synthesis.urls")),
    path("", include("cultiva.portfolio.urls")),
    path("", include("cultiva.funding.urls")),
    path("", include("cultiva.strategy.urls")),
    path("", include("cultiva.meetings.urls")),
    path("", include("cultiva.processes.urls")),
    path("", include("cultiva.core.urls")),
]

handler403 = "cultiva.core.views.permission_denied"
handler404 = "cultiva.core.views.page_not_found"
handler500 = "cultiva.core.views.server_error"
