"""The seed's 三项服务: the research on Party building in private enterprises (trips to 浙江 and
福建, recommendations adopted by 非公经济党工委), 食品安全进校园 and the donation to 八一路小学."""

import datetime
from decimal import Decimal

from django.utils import timezone

from liaison.members.models import Enterprise, Member
from liaison.orgs.models import Organization, User
from liaison.research import services
from liaison.research.models import Campaign, Donation, Recommendation, ResearchProject


def seed_office_research(office) -> int:
    if ResearchProject.objects.filter(office=office).exists():
        return 0
    director = User.objects.get(username="zhuren")
    today = timezone.localdate()

    def ago(days):
        return today - datetime.timedelta(days=days)

    def member(name):
        return Member.objects.get(office=office, name=name)

    cao, kang, tang, huang = (member(n) for n in ("曹升洋", "康希", "汤朝阳", "黄德君"))
    project = services.save_project(
        director,
        ResearchProject(office=office),
        [kang, tang, huang],
        topic="民营企业中建立党组织并发挥作用",
        nature=ResearchProject.Nature.OVERALL,
        decision_name="芙蓉区非公经济组织党建工作意见",
        decision_expected=ago(20),
        lead=cao,
        plan="调查长沙市民营企业党组织现状及作用发挥情况，赴沿海民营经济发达地区考察。",
        started_on=ago(150),
    )
    services.add_trip(
        director,
        project,
        [cao, kang, tang],
        destinations="浙江、福建",
        starts_on=ago(120),
        ends_on=ago(114),
        findings="沿海地区民营企业党建工作起步早、覆盖广，党组织与企业发展互相促进。",
    )
    services.add_material(
        director,
        project,
        title="长沙市民营企业党组织现状调查表",
        source="调研小组走访",
        collected_on=ago(130),
    )
    services.add_version(
        director,
        project,
        [cao],
        title="关于民营企业党建工作的调研报告",
        text="初稿。",
        written_on=ago(90),
    )
    final = services.add_version(
        director,
        project,
        [cao, kang],
        title="关于民营企业党建工作的调研报告",
        text="借鉴外地先进经验，对芙蓉区非公经济组织中党组织建设提出意见和建议。",
        written_on=ago(80),
    )
    services.finalize_version(director, final)
    body = Organization.objects.filter(name="芙蓉区非公经济党工委").first()
    rec = services.save_recommendation(
        director,
        Recommendation(project=project),
        text="在规模以上民营企业中普遍建立党组织，选派党建指导员。",
        body=body,
        body_name="" if body else "芙蓉区非公经济党工委",
    )
    services.record_adoption(
        director,
        rec,
        adoption="adopted",
        evidence="芙蓉区非公经济党工委采纳并印发文件。",
        answered_on=ago(40),
    )
    community = services.save_project(
        director,
        ResearchProject(office=office),
        [member("李建国")] if Member.objects.filter(office=office, name="李建国").exists() else [],
        topic="燕山街社区容量过大、亟待调整分设",
        nature=ResearchProject.Nature.FORWARD,
        lead=huang,
        started_on=ago(60),
    )
    services.save_recommendation(
        director,
        Recommendation(project=community),
        text="将燕山街社区调整分设为两个社区。",
        body=Organization.objects.filter(name="芙蓉区民政局").first(),
        body_name="芙蓉区民政局",
    )

    partners = Organization.objects.filter(name__in=["街道食安办", "燕山街工商所"])
    campaign = services.save_campaign(
        director,
        Campaign(office=office),
        list(partners),
        name="食品安全进校园",
        starts_on=ago(100),
        leading_group="街道校园食品安全整治领导小组（政协联络处、街道食安办、燕山街工商所）",
        description="结合校园周边环境整治，开展食品安全进校园主题活动。",
        schools_reached=6,
        kindergartens_reached=5,
    )
    services.add_campaign_material(director, campaign, kind="食品安全宣传手册", count=5000)
    team = [
        services.add_team_member(director, campaign, role="member", member=kang),
        services.add_team_member(director, campaign, role="member", member=tang),
        services.add_team_member(
            director,
            campaign,
            role="cadre",
            name="街道食安办经办人",
            affiliation="街道食安办",
            user=User.objects.filter(username="shianban").first(),
        ),
        services.add_team_member(
            director, campaign, role="enforcement", name="刘执法", affiliation="城管执法中队"
        ),
        services.add_team_member(
            director, campaign, role="market", name="陈监管", affiliation="燕山街工商所"
        ),
        services.add_team_member(
            director, campaign, role="volunteer", name="张阿姨", affiliation="燕山街社区"
        ),
    ]
    done = services.record_inspection(
        director,
        campaign,
        team[:2] + team[3:5],
        premises="八一路小学门口小卖部",
        premises_kind="食杂店",
        address="八一路",
        near_school="八一路小学",
        date=ago(30),
        findings="散装食品无标签",
        rectification_required=True,
        rectification_deadline=ago(20),
    )
    services.record_reinspection(director, done, on=ago(18), result="rectified")
    services.record_inspection(
        director,
        campaign,
        [team[0], team[4]],
        premises="燕山幼儿园旁早餐店",
        premises_kind="餐饮",
        address="燕山街",
        near_school="燕山幼儿园",
        date=ago(12),
        findings="从业人员健康证过期",
        rectification_required=True,
        rectification_deadline=ago(5),
    )

    qianhui = Enterprise.objects.filter(member=cao).first()
    services.save_donation(
        director,
        Donation(office=office),
        member=huang,
        recipient="八一路小学",
        form="cash",
        description="支持农民工子弟学校添设教学设备",
        value=Decimal("20000"),
        date=ago(45),
    )
    services.save_donation(
        director,
        Donation(office=office),
        enterprise=qianhui,
        member=None if qianhui else cao,
        recipient="八一路小学",
        form="goods",
        description="电脑和图书",
        value=Decimal("30000"),
        date=ago(45),
    )
    return 5
