from django.urls import path

from liaison.research import views

urlpatterns = [
    path("", views.project_list, name="research_list"),
    path("new/", views.project_edit, name="research_create"),
    path("<int:pk>/", views.project_detail, name="research_detail"),
    path("<int:pk>/edit/", views.project_edit, name="research_edit"),
    path("<int:pk>/add/<str:what>/", views.project_add, name="research_add"),
    path("versions/<int:pk>/final/", views.version_final, name="research_version_final"),
    path(
        "recommendations/<int:pk>/adoption/",
        views.recommendation_adoption,
        name="research_adoption",
    ),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_edit, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/add/<str:what>/", views.campaign_add, name="campaign_add"),
    path("campaigns/<int:pk>/inspections/", views.inspection_add, name="inspection_add"),
    path("inspections/<int:pk>/reinspection/", views.reinspection, name="reinspection"),
    path("donations/", views.donation_list, name="donation_list"),
    path("donations/new/", views.donation_edit, name="donation_create"),
    path("donations/<int:pk>/edit/", views.donation_edit, name="donation_edit"),
]
