from django.urls import path

from liaison.plans import views

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_edit, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/do/<str:action>/", views.plan_action, name="plan_action"),
    path("<int:plan_pk>/items/new/", views.item_edit, name="plan_item_create"),
    path("<int:plan_pk>/items/<int:pk>/", views.item_edit, name="plan_item_edit"),
    path("<int:plan_pk>/items/<int:pk>/delete/", views.item_delete, name="plan_item_delete"),
    path("<int:plan_pk>/items/<int:pk>/progress/", views.item_progress, name="plan_item_progress"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_edit, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("requests/<int:pk>/do/<str:action>/", views.request_action, name="request_action"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/do/<str:action>/", views.report_action, name="report_action"),
    path("reports/<int:pk>/docx/", views.report_docx, name="report_docx"),
]
