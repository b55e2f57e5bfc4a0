"""The public performance page: /councils/<council>/performance/."""

app_name = "public_performance"
urlpatterns: list = []
