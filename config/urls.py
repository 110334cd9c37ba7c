from django.urls import include, path

urlpatterns = [
    path("", include("liaison.core.urls")),
    path("accounts/", include("liaison.orgs.urls_accounts")),
    path("orgs/", include("liaison.orgs.urls")),
    path("audit/", include("liaison.orgs.urls_audit")),
    path("members/", include("liaison.members.urls")),
    path("activities/", include("liaison.activities.urls")),
    path("opinions/", include("liaison.opinions.urls")),
    path("proposals/", include("liaison.proposals.urls")),
    path("duty/", include("liaison.duty.urls")),
    path("reports/", include("liaison.reports.urls")),
    path("notifications/", include("liaison.notify.urls")),
    path("plans/", include("liaison.plans.urls")),
    path("research/", include("liaison.research.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "liaison.core.views.permission_denied"
handler404 = "liaison.core.views.page_not_found"
