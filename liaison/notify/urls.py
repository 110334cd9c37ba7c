from django.urls import path

from liaison.notify import views

urlpatterns = [
    path("", views.inbox, name="notifications"),
    path("settings/", views.preferences, name="notification_preferences"),
    path("read-all/", views.read_all, name="notifications_read_all"),
    path("<int:pk>/", views.open_notification, name="notification_open"),
    path("<int:pk>/read/", views.read, name="notification_read"),
]
