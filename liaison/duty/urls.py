from django.urls import path

from liaison.duty import views, views_rules

urlpatterns = [
    path("", views.duty_home, name="duty_home"),
    path("acts/<int:pk>/", views.record_detail, name="duty_record_detail"),
    path("mine/", views.my_record, name="duty_my_record"),
    path("members/<int:pk>/", views.member_record, name="duty_member_record"),
    path("ranking/", views.ranking, name="duty_ranking"),
    path("inactive/", views.inactive, name="duty_inactive"),
    path("rules/", views_rules.rules, name="duty_rules"),
    path("rules/<int:pk>/", views_rules.rules, name="duty_rule_edit"),
    path("rules/<int:pk>/delete/", views_rules.delete_rule, name="duty_rule_delete"),
    path("rules/preset/", views_rules.load_preset, name="duty_preset"),
]
