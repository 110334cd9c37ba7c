from django.urls import path

from liaison.opinions import views, views_assignments, views_reports

urlpatterns = [
    path("", views.opinion_list, name="opinion_list"),
    path("new/", views.opinion_create, name="opinion_create"),
    path("submit/", views.opinion_submit, name="opinion_submit"),
    path("<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("<int:pk>/notes/", views.opinion_notes, name="opinion_notes"),
    path("<int:pk>/triage/", views.opinion_triage, name="opinion_triage"),
    path("<int:pk>/assign/", views.opinion_assign, name="opinion_assign"),
    path("<int:pk>/answer/", views.opinion_answer, name="opinion_answer"),
    path("raised/<int:pk>/route/", views.route_raised, name="opinion_route_raised"),
    path("visits/<int:pk>/route/", views.route_visit, name="opinion_route_visit"),
    path("assignments/", views_assignments.assignment_list, name="assignment_list"),
    path("assignments/<int:pk>/", views_assignments.assignment_detail, name="assignment_detail"),
    path(
        "assignments/<int:pk>/handle/<str:action>/",
        views_assignments.handler_action,
        name="assignment_handle",
    ),
    path(
        "assignments/<int:pk>/office/<str:action>/",
        views_assignments.office_action,
        name="assignment_office",
    ),
    path(
        "assignments/<int:pk>/feedback/",
        views_assignments.feedback_in_app,
        name="assignment_feedback",
    ),
    path(
        "extensions/<int:pk>/<str:decision>/",
        views_assignments.extension_decide,
        name="extension_decide",
    ),
    path("feedback/<str:token>/", views_assignments.feedback_link, name="opinion_feedback_link"),
    path("files/<str:kind>/<int:pk>/", views_assignments.attachment, name="opinion_attachment"),
    path("report/", views_reports.forwarding_report, name="opinion_report"),
    path("scorecard/", views_reports.scorecard, name="opinion_scorecard"),
    path("categories/", views_reports.categories, name="opinion_categories"),
    path("categories/<int:pk>/", views_reports.categories, name="opinion_category_edit"),
    path("calendar/", views_reports.calendar, name="opinion_calendar"),
    path(
        "calendar/<int:pk>/remove/", views_reports.calendar_remove, name="opinion_calendar_remove"
    ),
]
