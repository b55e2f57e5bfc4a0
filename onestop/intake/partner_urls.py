"""The partner portal: partner staff refer clients and follow their own referrals."""

app_name = "partners"
urlpatterns: list = []
