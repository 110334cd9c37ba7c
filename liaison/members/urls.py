from django.urls import path

from liaison.members import views, views_care, views_import, views_records, views_settings

urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("new/", views.member_edit, name="member_create"),
    path("<int:pk>/", views.member_detail, name="member_detail"),
    path("<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("<int:pk>/status/", views.member_status, name="member_status"),
    path("<int:pk>/personal/", views.member_personal, name="member_personal"),
    path("<int:pk>/photo/", views.member_photo, name="member_photo"),
    path("<int:pk>/enterprises/new/", views_records.enterprise_edit, name="enterprise_create"),
    path(
        "<int:pk>/enterprises/<int:enterprise_pk>/",
        views_records.enterprise_edit,
        name="enterprise_edit",
    ),
    path(
        "<int:pk>/enterprises/<int:enterprise_pk>/contribution/",
        views_records.contribution_edit,
        name="contribution_edit",
    ),
    path("<int:pk>/honours/new/", views_records.honour_edit, name="honour_create"),
    path("<int:pk>/honours/<int:honour_pk>/", views_records.honour_edit, name="honour_edit"),
    path(
        "<int:pk>/<str:kind>/<int:record_pk>/delete/",
        views_records.record_delete,
        name="member_record_delete",
    ),
    path("<int:pk>/care/new/", views_care.care_create, name="care_create"),
    path("care/", views_care.care_list, name="care_list"),
    path("care/<int:pk>/", views_care.care_detail, name="care_detail"),
    path("care/<int:pk>/cancel/", views_care.care_cancel, name="care_cancel"),
    path("import/", views_import.import_upload, name="member_import"),
    path("import/commit/", views_import.import_commit, name="member_import_commit"),
    path("import/template.xlsx", views_import.import_template, name="member_import_template"),
    path("enterprises/", views_records.enterprise_overview, name="enterprise_overview"),
    path("lists/<str:kind>/", views_settings.district_lists, name="district_lists"),
    path("lists/", views_settings.district_lists, {"kind": "sectors"}, name="sector_list"),
    path("groups/", views_settings.group_list, name="member_groups"),
    path("groups/<int:pk>/delete/", views_settings.group_delete, name="member_group_delete"),
]
