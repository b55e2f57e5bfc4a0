"""Staff pages about how the service is doing."""

app_name = "insight"
urlpatterns: list = []
