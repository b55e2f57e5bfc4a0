"""Staff pages for the management return: /staff/<council>/insight/returns/."""

from django.urls import path

from onestop.insight.returns import views

app_name = "returns"
urlpatterns = [
    path("", views.return_list, name="list"),
    path("<str:period>/", views.return_period, name="period"),
    path("<str:period>/return.xlsx", views.return_xlsx_download, name="xlsx"),
    path("<str:period>/return.csv", views.return_csv_download, name="csv"),
]
