from cultiva.funding import urls_applications, urls_catalogue, urls_dashboard, urls_matching

app_name = "funding"

urlpatterns: list = []
urlpatterns += urls_applications.urlpatterns
urlpatterns += urls_dashboard.urlpatterns
urlpatterns += urls_matching.urlpatterns
urlpatterns += urls_catalogue.urlpatterns
