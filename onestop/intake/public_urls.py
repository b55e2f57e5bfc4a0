"""Public URLs: apply online or at a kiosk, check an application, the can I get help guide."""

app_name = "public"
urlpatterns: list = []
