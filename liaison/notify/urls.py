from django.urls import path

from liaison.notify import views

urlpatterns = [
    path("", views.inbox, name="notifications"),
    path("settings/", views.preferences, name="notification_preferences"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("calendar/new/", views.calendar_issue, name="calendar_issue"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("exports/", views.export_list, name="export_list"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("tasks/failed/", views.failed_tasks, name="failed_tasks"),
    path("read-all/", views.read_all, name="notifications_read_all"),
    path("<int:pk>/", views.open_notification, name="notification_open"),
    path("<int:pk>/read/", views.read, name="notification_read"),
]
