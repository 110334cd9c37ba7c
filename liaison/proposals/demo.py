"""The demo office's proposals and 社情民意: an earlier parking proposal (answered, grade A)
that 曹升洋's new draft will resemble, this year's proposals in several states, and reports."""

import datetime

from django.utils import timezone

from liaison.duty import services as duty
from liaison.members.models import Member
from liaison.orgs.models import User
from liaison.proposals import services
from liaison.proposals.defaults import ensure_defaults
from liaison.proposals.models import Category, Evaluation, Proposal, SocialSentimentReport

PARKING = {
    "title": "关于缓解燕山街道老旧小区停车难问题的建议",
    "summary": "老旧小区停车位严重不足，建议挖潜增位、错时共享",
    "situation": "燕山街道辖区老旧小区多建于上世纪八九十年代，规划停车位严重不足，"
    "私家车数量逐年增加，车辆占用消防通道、绿地乱停乱放现象突出，居民反映强烈。",
    "analysis": "一是小区规划建设年代早，未预留停车空间；二是周边机关单位停车资源夜间闲置；"
    "三是停车管理缺乏长效机制。",
    "suggestions": "一是利用边角空地和拆违空间增设停车位；二是推动机关企事业单位停车场夜间错时"
    "共享；三是建立社区停车自治管理机制，规范停车秩序，保障消防通道畅通。",
    "suggested_units": "芙蓉区住建局、芙蓉区交警大队",
}

THIS_YEAR = [
    ("huangdejun", "economy", "关于扶持楼宇经济高质量发展的建议", "楼宇经济政策扶持"),
    ("kangxi", "community", "关于推进社区居家养老助餐服务的建议", "社区助餐服务覆盖不足"),
    ("tangzhaoyang", "energy", "关于在商务楼宇推广屋顶光伏的建议", "楼宇屋顶光伏推广"),
]


def _user(username):
    return User.objects.get(username=username)


def _member(username):
    return Member.objects.get(user__username=username)


def _forward(director, proposal):
    proposal = services.submit(proposal.lead.user, proposal)
    proposal = services.approve(director, proposal)
    return services.forward(director, proposal)


def _date_last_year(proposal, today):
    """The earlier proposal went through last year: move its dates, and its ledger rows."""
    when = timezone.make_aware(
        datetime.datetime.combine(datetime.date(today.year - 1, 3, 10), datetime.time(10))
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        submitted_at=when, forwarded_at=when, decided_at=when, assigned_at=when
    )
    for entry in services.rebuild_duty_entries():
        if entry.source == proposal:
            duty.record(entry.member, entry.kind, entry.source, entry.date, entry.quantity)


def seed_office_proposals(office, director) -> int:
    ensure_defaults()
    if Proposal.objects.filter(office=office).exists():
        return 0
    today = timezone.localdate()
    huang, kang = _member("huangdejun"), _member("kangxi")
    municipal = Category.objects.get(code="municipal")

    earlier = services.save_proposal(
        huang.user,
        Proposal(office=office, lead=huang, year=today.year - 1),
        category=municipal,
        **PARKING,
    )
    services.invite_cosigners(huang.user, earlier, [kang])
    services.respond_cosign(kang, earlier, accept=True)
    earlier = _forward(director, earlier)
    earlier = services.register(director, earlier, f"{today.year - 1}045")
    earlier = services.assign(director, earlier, "芙蓉区住建局", "芙蓉区交警大队")
    services.record_reply(
        director,
        earlier,
        unit="芙蓉区住建局",
        text="已在燕山街道3个老旧小区增设停车位186个，并与5家单位签订夜间错时共享停车协议。",
        grade="A",
        replied_on=today - datetime.timedelta(days=200),
    )
    services.evaluate(
        huang.user,
        earlier,
        consulted=Evaluation.Consulted.IN_PERSON,
        attitude=Evaluation.Attitude.GOOD,
        agreement=Evaluation.Agreement.AGREE,
        satisfaction=Evaluation.Satisfaction.SATISFIED,
        comment="承办单位上门沟通，落实到位。",
    )
    services.set_flags(director, earlier, is_key=True, is_excellent=True)
    _date_last_year(earlier, today)
    created = 1
    for index, (username, category, title, summary) in enumerate(THIS_YEAR):
        lead = _member(username)
        proposal = services.save_proposal(
            lead.user,
            Proposal(office=office, lead=lead),
            category=Category.objects.get(code=category),
            title=title,
            summary=summary,
            situation=f"{summary}，委员调研发现相关工作仍有较大提升空间。",
            suggestions="建议相关部门加强统筹，完善政策，加大投入。",
        )
        if index < 2:
            proposal = _forward(director, proposal)
        if index == 0:
            services.register(director, proposal)
        created += 1

    report = services.save_report(
        director,
        SocialSentimentReport(office=office),
        submitters=[kang, huang],
        title="关于校园周边流动摊贩食品安全隐患的社情民意",
        problem="燕山街道部分中小学校园周边放学时段流动摊贩聚集，售卖无证食品，存在食品安全隐患。",
        suggestions="建议食安办、工商所、城管执法中队联合开展常态化巡查，建立委员和志愿者监督机制。",
    )
    report = services.save_report(
        director, report, edited_title="校园周边流动摊贩食品安全隐患亟待治理"
    )
    services.sign_off(director, report)
    services.submit_report(director, report)
    services.add_adoption(
        director,
        report,
        level="district",
        mode="single",
        date=today - datetime.timedelta(days=10),
        body="芙蓉区政协",
    )
    services.save_report(
        _user("caoshengyang"),
        SocialSentimentReport(office=office),
        submitters=[_member("caoshengyang")],
        title="关于民营企业党组织建设的社情民意",
        problem="部分民营企业党组织活动阵地不足，党员作用发挥不充分。",
        suggestions="建议非公经济党工委加强指导，推广沿海地区经验。",
    )
    return created + 2
