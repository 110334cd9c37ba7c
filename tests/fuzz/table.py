"""Every form of the application, where it is shown and who fills it in.

A new app's forms join the fuzz tests by adding rows here (tests/fuzz/test_coverage.py fails
while a form class of liaison/ is shown on no listed page and is not in NOT_FUZZED).
"""

from django.urls import reverse

from tests.fuzz.harness import FormRow


def url(name, *args):
    """A row's page: reverse(name, args) with args read from the `objects` fixture."""

    def build(o):
        return reverse(name, args=[_resolve(o, a) for a in args])

    return build


def _resolve(o, dotted):
    value = o
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


def then(*names_and_query):
    """Pages that must still work after the saves: ("member_list", "?format=xlsx")."""
    return tuple((lambda o, n=name, q=query: reverse(n) + q) for name, query in names_and_query)


MEMBER_LISTS = then(
    ("member_list", ""), ("member_list", "?format=xlsx"), ("member_list", "?format=csv")
)
ACTIVITY_LISTS = then(("activity_list", ""), ("activity_list", "?format=xlsx"))

FORM_ROWS = [
    # accounts
    FormRow("login", url("login"), "", may_change=frozenset({"orgs.user"})),
    FormRow("password change", url("password_change"), "staff"),
    # members
    FormRow(
        "member create",
        url("member_create"),
        "director",
        valid={"name": "新委员", "gender": "male", "level": "district", "status": "serving"},
        after=MEMBER_LISTS,
    ),
    FormRow("member edit", url("member_edit", "kang.pk"), "director", after=MEMBER_LISTS),
    FormRow(
        "member status",
        url("member_detail", "kang.pk"),
        "director",
        select="reason",
        valid={"status": "withdrawn", "date": "2026-05-12"},
    ),
    FormRow("member filter", url("member_list"), "director", method="get", select="q"),
    FormRow(
        "enterprise create",
        url("enterprise_create", "kang.pk"),
        "director",
        valid={"name": "长沙共盛建材有限公司"},
        after=then(("enterprise_overview", ""), ("enterprise_overview", "?format=xlsx")),
    ),
    FormRow("enterprise edit", url("enterprise_edit", "kang.pk", "enterprise.pk"), "director"),
    FormRow(
        "contribution",
        url("contribution_edit", "kang.pk", "enterprise.pk"),
        "director",
        valid={"year": "2025", "tax_paid": "120.5", "employees": "30"},
        after=then(("enterprise_overview", ""), ("enterprise_overview", "?format=xlsx")),
    ),
    FormRow(
        "honour create",
        url("honour_create", "kang.pk"),
        "director",
        valid={"title": "税收贡献奖", "year": "2025"},
    ),
    FormRow(
        "care create",
        url("care_create", "kang.pk"),
        "director",
        valid={"kind": "birthday", "event_date": "2026-05-12"},
        after=then(("care_list", ""), ("care_list", "?format=xlsx")),
    ),
    FormRow("care visit", url("care_detail", "care.pk"), "director", valid={"date": "2026-05-12"}),
    FormRow("group create", url("member_groups"), "director", valid={"name": "第二组"}),
    FormRow(
        "district list item",
        lambda o: reverse("district_lists", args=["sectors"]),
        "admin",
        valid={"name": "经济界"},
    ),
    # activities
    FormRow(
        "activity create",
        url("activity_create"),
        "director",
        valid={
            "title": "政情通报会",
            "starts_at": "2026-12-20T09:00",
            "ends_at": "2026-12-20T11:00",
        },
        after=ACTIVITY_LISTS,
    ),
    FormRow("activity edit", url("activity_edit", "activity.pk"), "director", after=ACTIVITY_LISTS),
    FormRow("activity filter", url("activity_list"), "director", method="get"),
    FormRow("invite", url("activity_detail", "activity.pk"), "director", select="groups"),
    FormRow("leave request", url("activity_detail", "activity.pk"), "member", select="reason"),
    FormRow(
        "agenda item",
        url("activity_record", "activity.pk"),
        "director",
        select="action:/record/agenda/",
        valid={"title": "通报街道工作"},
    ),
    FormRow(
        "leader",
        url("activity_record", "activity.pk"),
        "director",
        select="action:/record/leader/",
        valid={"name": "书记"},
    ),
    FormRow(
        "material",
        url("activity_record", "activity.pk"),
        "director",
        select="action:/record/material/",
        valid={"title": "材料"},
    ),
    FormRow(
        "speech",
        url("activity_record", "activity.pk"),
        "director",
        select="action:/record/speech/",
        valid={"title": "发言"},
    ),
    FormRow(
        "activity opinion",
        url("activity_record", "activity.pk"),
        "director",
        select="action:/record/opinion/",
        valid={"text": "建议"},
    ),
    FormRow(
        "minutes", url("activity_record", "activity.pk"), "director", select="action:/minutes/"
    ),
    FormRow(
        "manual check-in",
        url("activity_screen", "meeting.pk"),
        "director",
        select="action:/attendance/",
        after=then(
            ("activity_list", "?format=xlsx"),
        ),
    ),
    FormRow(
        "visit create",
        url("visit_create"),
        "director",
        valid={"date": "2026-05-12"},
        after=then(("visit_list", ""), ("visit_list", "?format=xlsx"), ("visit_coverage", "")),
    ),
    FormRow("visit filter", url("visit_list"), "director", method="get"),
    FormRow("activity type", url("activity_types"), "admin"),
    # organizations and accounts
    FormRow(
        "organization create",
        url("org_create"),
        "admin",
        valid={"name": "新单位", "kind": "department"},
    ),
    FormRow("organization edit", url("org_edit", "world.office.pk"), "admin"),
    FormRow(
        "account create",
        url("user_create"),
        "admin",
        valid={"username": "newuser", "display_name": "新用户", "password": "Fuzz-pass-2026"},
        after=then(
            ("user_list", ""),
        ),
    ),
    FormRow("account edit", url("user_detail", "world.staff.pk"), "admin", select="form=edit"),
    FormRow("password reset", url("user_detail", "world.staff.pk"), "admin", select="form=reset"),
    FormRow("role grant", url("user_detail", "world.nobody.pk"), "security", select="form=role"),
    FormRow("account filter", url("user_list"), "admin", method="get"),
    FormRow("audit filter", url("audit_list"), "auditor", method="get"),
    # opinions
    FormRow(
        "opinion create",
        url("opinion_create"),
        "staff",
        valid={"source": "visit", "text": "建议增设路灯"},
        after=then(("opinion_list", ""), ("opinion_list", "?format=xlsx")),
    ),
    FormRow("opinion member submit", url("opinion_submit"), "member", valid={"text": "建议"}),
    FormRow("opinion notes", url("opinion_detail", "opinion.pk"), "staff", select="action:/notes/"),
    FormRow(
        "opinion triage",
        url("opinion_detail", "fresh_opinion.pk"),
        "staff",
        select="action:/triage/",
    ),
    FormRow(
        "opinion assign",
        url("opinion_detail", "fresh_opinion.pk"),
        "staff",
        select="action:/assign/",
    ),
    FormRow(
        "assignment reply",
        url("assignment_detail", "assignment.pk"),
        "handler",
        select="action:/reply/",
        valid={"text": "已检查整改"},
        after=then(
            ("assignment_list", ""),
        ),
    ),
    FormRow(
        "assignment extension",
        url("assignment_detail", "assignment.pk"),
        "handler",
        select="action:/extension/",
    ),
    FormRow(
        "assignment return",
        url("assignment_detail", "assignment.pk"),
        "handler",
        select="action:/return/",
    ),
    FormRow(
        "assignment send back",
        url("assignment_detail", "replied_assignment.pk"),
        "director",
        select="action:/send_back/",
        valid={"comment": "请补充整改照片"},
    ),
    FormRow(
        "assignment reopen",
        url("assignment_detail", "not_solved_assignment.pk"),
        "director",
        select="action:/reopen/",
    ),
    FormRow(
        "assignment reopen after closing",
        url("assignment_detail", "closed_unsolved_assignment.pk"),
        "director",
        select="action:/reopen/",
        valid={"note": "请再次核查"},
    ),
    FormRow(
        "escalation answer",
        url("opinion_detail", "escalated_opinion.pk"),
        "staff",
        select="action:/answer/",
        valid={"answer": "区生态环境局已安排清淤。", "solved": ["on"]},
    ),
    FormRow(
        "opinion feedback",
        url("opinion_detail", "published_opinion.pk"),
        "member",
        select="action:/feedback/",
        valid={"result": "solved", "satisfaction": "satisfied"},
    ),
    FormRow("opinion report period", url("opinion_report"), "staff", method="get"),
    FormRow("opinion category", url("opinion_categories"), "admin", valid={"name": "新类别"}),
    FormRow("duty rule", url("duty_rules"), "admin", select="form=rule"),
    FormRow("duty scoring", url("duty_rules"), "admin", select="form=scoring"),
    FormRow("duty preset", url("duty_rules"), "admin", select="action:/duty/rules/preset/"),
    FormRow("annual summary", url("reports_summary"), "director"),
    FormRow("opinion calendar day", url("opinion_calendar"), "admin"),
    # proposals and 社情民意
    FormRow(
        "proposal create",
        url("proposal_create"),
        "member",
        valid={"title": "关于增设路灯的建议", "suggestions": "增设路灯。"},
        after=then(("proposal_list", ""), ("proposal_list", "?format=xlsx")),
    ),
    FormRow("proposal edit", url("proposal_edit", "proposal.pk"), "member"),
    FormRow(
        "sentiment create",
        url("sentiment_create"),
        "member",
        valid={"title": "群众反映停车难", "problem": "停车难", "suggestions": "增设车位"},
        after=then(("sentiment_list", ""), ("sentiment_list", "?format=xlsx")),
    ),
    FormRow(
        "proposal approve",
        url("proposal_detail", "submitted_proposal.pk"),
        "director",
        select="action:/do/approve/",
    ),
    FormRow(
        "proposal return",
        url("proposal_detail", "submitted_proposal.pk"),
        "director",
        select="action:/do/return/",
    ),
    FormRow(
        "proposal register",
        url("proposal_detail", "forwarded_proposal.pk"),
        "viewer",
        select="action:/do/register/",
    ),
    FormRow(
        "proposal reject",
        url("proposal_detail", "forwarded_proposal.pk"),
        "viewer",
        select="action:/do/reject/",
    ),
    FormRow(
        "proposal merge",
        url("proposal_detail", "forwarded_proposal.pk"),
        "viewer",
        select="action:/do/merge/",
    ),
    FormRow(
        "proposal assign",
        url("proposal_detail", "registered_proposal.pk"),
        "director",
        select="action:/do/assign/",
        valid={"host_main": "芙蓉区交通局"},
    ),
    FormRow(
        "proposal reply",
        url("proposal_detail", "assigned_proposal.pk"),
        "director",
        select="action:/do/reply/",
        valid={"text": "已办理。", "grade": "A", "replied_on": "2026-09-01"},
    ),
    FormRow(
        "proposal evaluation",
        url("proposal_detail", "replied_proposal.pk"),
        "member",
        select="action:/do/evaluate/",
    ),
    FormRow(
        "proposal flags",
        url("proposal_detail", "replied_proposal.pk"),
        "director",
        select="action:/do/flags/",
    ),
    FormRow(
        "proposal attachment",
        url("proposal_detail", "proposal.pk"),
        "member",
        select="action:/do/attach/",
    ),
    FormRow(
        "sentiment edited version",
        url("sentiment_detail", "sentiment.pk"),
        "director",
        select="action:/do/edit/",
    ),
    FormRow(
        "sentiment adoption",
        url("sentiment_detail", "submitted_sentiment.pk"),
        "director",
        select="action:/do/adopt/",
    ),
    FormRow(
        "sentiment instruction",
        url("sentiment_detail", "submitted_sentiment.pk"),
        "director",
        select="action:/do/instruct/",
    ),
    FormRow("proposal targets", url("proposal_targets"), "director"),
    # plans
    FormRow(
        "plan create",
        url("plan_create"),
        "director",
        valid={"year": "2027", "title": "2027年工作计划"},
        after=then(
            ("plan_list", ""),
        ),
    ),
    FormRow("plan edit", url("plan_edit", "plan.pk"), "director"),
    FormRow(
        "plan item",
        url("plan_detail", "plan.pk"),
        "director",
        select="action:/items/new/",
        valid={"title": "组织视察", "order": "3", "target_count": "1"},
    ),
    FormRow(
        "request create",
        url("request_create"),
        "director",
        valid={"title": "关于召开座谈会的请示", "content": "拟召开座谈会。", "matter": "座谈会"},
        after=then(
            ("request_list", ""),
        ),
    ),
    FormRow("request edit", url("request_edit", "instruction.pk"), "director"),
    FormRow(
        "plan item progress",
        url("plan_detail", "plan.pk"),
        "director",
        select="action:/progress/",
    ),
    FormRow(
        "plan comment",
        url("plan_detail", "submitted_plan.pk"),
        "reviewer",
        select="action:/do/comment/",
        valid={"body": "请补充计划"},
    ),
    FormRow(
        "plan incorporation",
        url("plan_detail", "approved_plan.pk"),
        "reviewer",
        select="action:/do/incorporate/",
    ),
    FormRow(
        "request approval",
        url("request_detail", "submitted_request.pk"),
        "reviewer",
        select="comment",
        post_to=lambda o: reverse("request_action", args=[o.submitted_request.pk, "approve"]),
    ),
    FormRow(
        "request refusal",
        url("request_detail", "submitted_request.pk"),
        "reviewer",
        select="comment",
        valid={"comment": "时间与区政协全会冲突，请改期。"},
        post_to=lambda o: reverse("request_action", args=[o.submitted_request.pk, "refuse"]),
        after=then(("request_list", ""), ("request_list", "?format=xlsx")),
    ),
    FormRow("work report edit", url("report_edit", "work_report.pk"), "director"),
    FormRow(
        "work report acknowledgement",
        url("report_detail", "submitted_report.pk"),
        "reviewer",
        select="action:/do/acknowledge/",
        after=then(("report_list", ""), ("report_list", "?format=xlsx")),
    ),
    FormRow("report start", url("report_create"), "director", method="get"),
    # research, campaigns and donations
    FormRow(
        "research create",
        url("research_create"),
        "director",
        valid={"topic": "老旧小区改造", "nature": "overall", "started_on": "2026-05-12"},
        after=then(("research_list", ""), ("research_list", "?format=xlsx")),
    ),
    FormRow("research edit", url("research_edit", "project.pk"), "director"),
    FormRow(
        "research trip",
        url("research_detail", "project.pk"),
        "director",
        select="action:/add/trip/",
        valid={"destinations": "南景饭店", "starts_on": "2026-05-12", "ends_on": "2026-05-12"},
    ),
    FormRow(
        "research material",
        url("research_detail", "project.pk"),
        "director",
        select="action:/add/material/",
        valid={"title": "调研材料"},
    ),
    FormRow(
        "research version",
        url("research_detail", "project.pk"),
        "director",
        select="action:/add/version/",
        valid={"title": "调研报告", "text": "正文"},
    ),
    FormRow(
        "research recommendation",
        url("research_detail", "project.pk"),
        "director",
        select="action:/add/recommendation/",
        valid={"text": "建议"},
    ),
    FormRow(
        "research adoption",
        url("research_detail", "project.pk"),
        "director",
        select="action:/adoption/",
    ),
    FormRow(
        "reinspection",
        url("campaign_detail", "campaign.pk"),
        "director",
        select="action:/reinspection/",
    ),
    FormRow(
        "campaign create",
        url("campaign_create"),
        "director",
        valid={"name": "消防安全进社区", "starts_on": "2026-05-12"},
        after=then(("campaign_list", ""), ("campaign_list", "?format=xlsx")),
    ),
    FormRow("campaign edit", url("campaign_edit", "campaign.pk"), "director"),
    FormRow(
        "campaign material",
        url("campaign_detail", "campaign.pk"),
        "director",
        select="action:/add/material/",
    ),
    FormRow(
        "campaign team",
        url("campaign_detail", "campaign.pk"),
        "director",
        select="action:/add/team/",
        valid={"name": "市场监管所", "role": "inspector"},
    ),
    FormRow(
        "inspection",
        url("campaign_detail", "campaign.pk"),
        "director",
        select="action:/inspections/",
        valid={"premises": "校门口小卖部", "date": "2026-05-12"},
    ),
    FormRow(
        "donation create",
        url("donation_create"),
        "director",
        after=then(("donation_list", ""), ("donation_list", "?format=xlsx")),
    ),
    # notifications
    FormRow("notification preferences", url("notification_preferences"), "staff"),
]

# Form classes not fuzzed here, and why.
NOT_FUZZED = {
    # The member import has its own fuzz test with hostile xlsx and csv files.
    "liaison.members.forms.ImportForm": "tests/fuzz/test_import.py",
    # Two-factor forms take six digits or a recovery code; tests/orgs/test_twofactor.py.
    "liaison.orgs.views_otp.CodeForm": "tests/orgs/test_twofactor.py",
    # Fuzzed by the "plan item progress" row; the page writes its input by hand, not the form.
    "liaison.plans.forms.ProgressForm": "row 'plan item progress'",
    "liaison.plans.forms.ReviewedForm": "base of PlanForm, RequestForm, ReportForm (rows above)",
    "liaison.research.forms.OfficeForm": "base of the research forms (rows above)",
}
