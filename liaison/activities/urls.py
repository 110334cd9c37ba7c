from django.urls import include, path

from liaison.activities import views, views_checkin, views_types

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("new/", views.activity_edit, name="activity_create"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:pk>/status/<str:action>/", views.activity_transition, name="activity_transition"),
    path("<int:pk>/invite/", views.activity_invite, name="activity_invite"),
    path("<int:pk>/respond/", views.activity_respond, name="activity_respond"),
    path("<int:pk>/leave/", views.leave_request, name="activity_leave"),
    path("leave/<int:pk>/<str:decision>/", views.leave_decide, name="activity_leave_decide"),
    path("<int:pk>/screen/", views_checkin.screen, name="activity_screen"),
    path("<int:pk>/screen/code/", views_checkin.screen_code, name="activity_screen_code"),
    path("<int:pk>/screen/present/", views_checkin.screen_present, name="activity_screen_present"),
    path("<int:pk>/attendance/", views_checkin.manual_check_in, name="activity_manual_checkin"),
    path(
        "<int:pk>/attendance/<int:attendance_pk>/undo/",
        views_checkin.manual_check_out,
        name="activity_manual_checkout",
    ),
    path("checkin/<str:token>/", views_checkin.check_in_page, name="activity_checkin"),
    path("types/", views_types.type_list, name="activity_types"),
    path("types/<int:pk>/", views_types.type_list, name="activity_type_edit"),
    # Calendar, .ics, visits, agenda, materials, minutes (liaison/activities/urls_more.py).
    path("", include("liaison.activities.urls_more")),
]
