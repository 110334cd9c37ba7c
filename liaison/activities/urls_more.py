"""Calendar, .ics, visits and the record of an activity (included from urls.py)."""

from django.urls import path

from liaison.activities import views_calendar, views_record, views_visits

urlpatterns = [
    path("calendar/", views_calendar.month_view, name="activity_calendar"),
    path("calendar/list/", views_calendar.list_view, name="activity_calendar_list"),
    path("<int:pk>/calendar.ics", views_calendar.ics, name="activity_ics"),
    path("<int:pk>/record/", views_record.record_page, name="activity_record"),
    path("<int:pk>/record/minutes/", views_record.minutes_save, name="activity_minutes"),
    path("<int:pk>/record/<str:kind>/", views_record.record_add, name="activity_record_add"),
    path(
        "<int:pk>/record/<str:kind>/<int:item_pk>/delete/",
        views_record.record_remove,
        name="activity_record_remove",
    ),
    path(
        "<int:pk>/materials/<int:item_pk>/",
        views_record.material_file,
        name="activity_material",
    ),
    path("visits/", views_visits.visit_list, name="visit_list"),
    path("visits/new/", views_visits.visit_create, name="visit_create"),
    path("visits/coverage/", views_visits.visit_coverage, name="visit_coverage"),
    path("visits/<int:pk>/", views_visits.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/delete/", views_visits.visit_delete, name="visit_delete"),
]
