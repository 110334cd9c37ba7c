from django.urls import path

from liaison.duty import views

urlpatterns = [path("", views.duty_home, name="duty_home")]
