from django.urls import path

from liaison.reports import views

urlpatterns = [
    path("", views.dashboard, name="reports_dashboard"),
    path("district/", views.district, name="reports_district"),
    path("summary/", views.annual_summary, name="reports_summary"),
]
