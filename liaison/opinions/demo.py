"""The demo office's opinions: one of each way the loop ends, and some still open."""

import datetime

from django.utils import timezone

from liaison.activities.models import Visit
from liaison.members.models import Member
from liaison.opinions import services
from liaison.opinions.defaults import ensure_categories
from liaison.opinions.models import Assignment, Category, Opinion, Source, Status
from liaison.orgs.models import Organization, User
from liaison.workdays import services as workdays


def seed_office_opinions(office, director) -> int:
    ensure_categories(Category)
    workdays.preload()  # test databases flushed between tests lose the migration's rows
    if Opinion.objects.filter(office=office).exists():
        return 0
    members = {m.name: m for m in Member.objects.filter(office=office)}
    departments = {
        d.name: d for d in Organization.objects.filter(kind=Organization.Kind.DEPARTMENT)
    }
    handler = User.objects.filter(username="shianban").first()
    category = {c.name: c for c in Category.objects.all()}
    created = 0

    def submit(name, text, source, cat, **extra):
        nonlocal created
        created += 1
        return services.submit_opinion(
            director,
            office,
            source=source,
            raisers=[members[name]],
            text=text,
            category=category[cat],
            **extra,
        )

    # A visit's opinion (activities demo) passed on, assigned to 城管, being handled.
    visit = Visit.objects.filter(office=office).exclude(opinions="").first()
    if visit is not None:
        created += 1
        traffic = services.route_visit_opinion(director, visit)
        services.update_notes(director, traffic, category=category["市政管理"])
        services.assign(director, traffic, departments["城管执法中队"])

    # 食安办: replied, checked and published; 康希's feedback is awaited.
    food = submit(
        "康希",
        "学校周边小摊贩卖“三无”零食较多，建议食安办联合工商所开展专项检查。",
        Source.VISIT,
        "食品安全",
        place="八一路小学周边",
    )
    assignment = services.assign(director, food, departments["街道食安办"], handler=handler)
    services.receive(handler, assignment)
    services.reply(
        handler, assignment, "已联合燕山街工商所检查校园周边门店12家，下架“三无”食品30余件。"
    )
    services.check_reply(director, assignment)
    services.publish(director, assignment)

    # 汤朝阳: escalated to the district, answer awaited.
    tower = submit(
        "汤朝阳",
        "建议区里对总部楼宇引进企业给予一定年限的租金补贴。",
        Source.ACTIVITY,
        "经济发展",
    )
    services.triage(
        director,
        tower,
        Status.ESCALATED,
        escalated_to="芙蓉区发展和改革局",
        note="属区级政策，已报区政协转交。",
    )

    # 黄德君: solved on the spot.
    lamp = submit("黄德君", "银华大酒店后巷两盏路灯不亮，夜间行人不便。", Source.MEMBER, "市政管理")
    services.triage(director, lamp, Status.SOLVED_ON_SPOT, note="当场联系社区电工，次日修复。")

    # 曹升洋: assigned to 民政办, replied, published, member satisfied: closed.
    care = submit(
        "曹升洋",
        "建议社区为独居老人安装紧急呼叫设备。",
        Source.RESIDENT,
        "民生服务",
    )
    done = services.assign(director, care, departments["民政办"])
    for step in (services.receive,):
        step(director, done)
    services.reply(director, done, "已为辖区38户独居老人安装紧急呼叫器。")
    services.check_reply(director, done)
    services.publish(director, done)
    services.give_feedback(
        members["曹升洋"], done, result="solved", satisfaction="satisfied", comment="办得实在。"
    )

    # An overdue item at 燕山街工商所, for the home panels.
    late = submit(
        "康希",
        "燕山街农贸市场部分商户缺斤短两，建议加强计量检查。",
        Source.VISIT,
        "民生服务",
    )
    overdue = services.assign(director, late, departments["燕山街工商所"])
    past = workdays.add_working_days(timezone.localdate() - datetime.timedelta(days=30), 10)
    Assignment.objects.filter(pk=overdue.pk).update(
        deadline=past, assigned_at=timezone.now() - datetime.timedelta(days=30)
    )

    # Awaiting triage.
    submit("汤朝阳", "建议在燕山街道党群服务中心开设委员工作室。", Source.MEMBER, "社区建设")
    return created
