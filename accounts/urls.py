from django.urls import path

from . import views

app_name = "accounts"

# Included at "accounts/" before allauth's URLs.
urlpatterns = [
    path("your-data/", views.YourDataView.as_view(), name="your-data"),
    path("close/", views.AccountCloseView.as_view(), name="close"),
    path("session/", views.SessionView.as_view(), name="session"),
]
