"""Staff pages for the management return: /staff/<council>/insight/returns/."""

app_name = "returns"
urlpatterns: list = []
