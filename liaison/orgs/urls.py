from django.urls import path

from liaison.orgs import views_admin as views

urlpatterns = [
    path("", views.org_list, name="org_list"),
    path("new/", views.org_edit, name="org_create"),
    path("<int:pk>/", views.org_edit, name="org_edit"),
    path("<int:pk>/delete/", views.org_delete, name="org_delete"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
]
