from django.urls import path

from . import views

app_name = "consent"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("choose/", views.choose, name="choose"),
]
