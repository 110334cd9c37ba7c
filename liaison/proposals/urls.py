from django.urls import path

from liaison.proposals import views, views_reports, views_settings

urlpatterns = [
    path("", views.proposal_list, name="proposal_list"),
    path("new/", views.proposal_edit, name="proposal_create"),
    path("similar/", views.proposal_similar, name="proposal_similar"),
    path("targets/", views.targets, name="proposal_targets"),
    path("compilation/", views.compilation, name="proposal_compilation"),
    path("<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("<int:pk>/cosign/", views.proposal_cosign, name="proposal_cosign"),
    path("<int:pk>/do/<str:action>/", views.proposal_action, name="proposal_action"),
    path("attachments/<int:pk>/", views.attachment_download, name="proposal_attachment"),
    path("settings/<str:kind>/", views_settings.setting_list, name="proposal_settings"),
    path(
        "settings/categories/",
        views_settings.setting_list,
        {"kind": "categories"},
        name="proposal_settings_categories",
    ),
    path(
        "settings/<str:kind>/<int:pk>/", views_settings.setting_list, name="proposal_setting_edit"
    ),
    path("reports/", views_reports.report_list, name="sentiment_list"),
    path("reports/new/", views_reports.report_edit, name="sentiment_create"),
    path("reports/<int:pk>/", views_reports.report_detail, name="sentiment_detail"),
    path("reports/<int:pk>/edit/", views_reports.report_edit, name="sentiment_edit"),
    path("reports/<int:pk>/do/<str:action>/", views_reports.report_action, name="sentiment_action"),
]
