"""The demo office's roster: profiles, enterprises with their figures, honours, care events.

Called by seed_demo after the organizations exist. Only adds what is missing.
"""

import datetime

from django.utils import timezone

from liaison.members import services
from liaison.members.models import CareEvent, Enterprise, Honour, Member, MemberGroup, Sector
from liaison.members.validators import id_check_character

GROUPS = ["第一组（经济）", "第二组（社会事业）", "第三组（城市管理）"]
SECTORS = [
    "经济界",
    "工商联",
    "中国民主建国会",
    "医药卫生界",
    "教育界",
    "无党派人士",
    "社会科学界",
    "中国共产党",
    "文化艺术界",
    "妇联",
]
AFFILIATIONS = ["cndca", "masses", "cpc", "non_party", "cdl", "capd", "jiusan", "cpc"]

# The seed's enterprises: yearly tax (10,000 yuan) and employees.
CONTRIBUTIONS = {
    "南景饭店": [(2022, 60, 180), (2023, 105, 210), (2024, 118, 226), (2025, 126, 240)],
    "长沙共盛建材有限公司": [(2024, 86, 95), (2025, 97, 120)],
    "银华大酒店": [(2024, 150, 320), (2025, 162, 335)],
    "湖南千惠商贸连锁有限公司": [(2024, 75, 410), (2025, 80, 430)],
}
HONOURS = [  # (member, enterprise or None, title, granted by, year)
    ("康希", "南景饭店", "税收贡献奖", "芙蓉区人民政府", 2022),
    ("康希", "南景饭店", "税收贡献奖", "芙蓉区人民政府", 2023),
    ("康希", "南景饭店", "税收贡献奖", "芙蓉区人民政府", 2024),
    ("康希", "南景饭店", "税收贡献奖", "芙蓉区人民政府", 2025),
    ("汤朝阳", None, "创业明星", "芙蓉区人民政府", 2024),
    ("黄德君", "银华大酒店", "明星楼宇", "芙蓉区人民政府", 2024),
]


def id_number(index: int, born: datetime.date, gender: str) -> str:
    sequence = 10 + index * 2 + (1 if gender == "male" else 0)  # odd digit: male
    first17 = f"430102{born:%Y%m%d}{sequence:03d}"
    return first17 + id_check_character(first17)


def seed_office_roster(office, named_members, other_members, account_for) -> int:
    """Complete the 燕山 roster; `account_for(username, name, phone)` returns the user."""
    created = 0
    district = services.district_of(office)
    sectors = {s.name: s for s in Sector.objects.filter(district=district)}
    groups = []
    for order, name in enumerate(GROUPS):
        group, made = MemberGroup.objects.get_or_create(
            office=office, name=name, defaults={"sort_order": order}
        )
        groups.append(group)
        created += made
    people = [
        (s["name"], s["gender"], s["employer"], s["post"], "district", s) for s in named_members
    ]
    people += [(n, g, e, p, level, None) for n, g, e, p, level in other_members]
    today = timezone.localdate()
    for index, (name, gender, employer, post, level, spec) in enumerate(people):
        member = Member.objects.filter(office=office, name=name).first()
        if member is None:
            born = datetime.date(1960 + index % 25, 1 + index % 12, 1 + (index * 7) % 28)
            if index == 5:  # one birthday falls inside the next 30 days
                born = (today + datetime.timedelta(days=6)).replace(year=1975)
            member = services.save_member(
                None,
                Member(office=office),
                name=name,
                gender=gender,
                employer=employer,
                post=post,
                level=level,
                ethnicity="汉族" if index % 9 else "土家族",
                birth_date=born,
                affiliation=AFFILIATIONS[index % len(AFFILIATIONS)],
                sector=sectors.get(SECTORS[index % len(SECTORS)]),
                group=groups[index % len(groups)],
                term=14,
                term_start=datetime.date(2022, 1, 1),
                term_end=datetime.date(2026, 12, 31),
                phone=spec["phone"] if spec else f"1390731{index:04d}",
                id_number=id_number(index, born, gender),
                address=f"长沙市芙蓉区燕山街{index + 1}号",
            )
            created += 1
        if spec:
            if member.user_id is None:
                member.user = account_for(spec["username"], spec["name"], spec["phone"])
                member.save(update_fields=["user"])
            name_, industry, building, role = spec["enterprise"]
            enterprise, made = Enterprise.objects.get_or_create(
                member=member,
                name=name_,
                defaults={
                    "industry": industry,
                    "building": building,
                    "role": role,
                    "address": f"长沙市芙蓉区{building}",
                },
            )
            created += made
            for year, tax, employees in CONTRIBUTIONS.get(name_, []):
                if not enterprise.contributions.filter(year=year).exists():
                    services.save_contribution(
                        None, enterprise, year, tax_paid=tax, employees=employees
                    )
                    created += 1
    for member_name, enterprise_name, title, body, year in HONOURS:
        member = Member.objects.get(office=office, name=member_name)
        enterprise = member.enterprises.filter(name=enterprise_name).first()
        if not Honour.objects.filter(member=member, title=title, year=year).exists():
            services.save_honour(
                None, member, title=title, granted_by=body, year=year, enterprise=enterprise
            )
            created += 1
    if not CareEvent.objects.filter(office=office).exists():
        ill = Member.objects.get(office=office, name="李建国")
        services.record_care_event(
            None,
            ill,
            kind=CareEvent.Kind.ILLNESS,
            event_date=today,
            description="住院治疗（芙蓉区人民医院）",
        )
        wed = Member.objects.get(office=office, name="吴晓东")
        event = services.record_care_event(
            None,
            wed,
            kind=CareEvent.Kind.WEDDING,
            event_date=today - datetime.timedelta(days=20),
            description="婚礼",
        )
        visitors = list(
            Member.objects.filter(office=office, group=wed.group).exclude(pk=wed.pk)[:3]
        )
        services.record_care_visit(
            None,
            event,
            date=event.event_date,
            members=visitors,
            gifts="花篮",
            notes="本组委员到场祝贺",
        )
        created += 2
    return created


def seed_small_office(office, people) -> int:
    created = 0
    for index, (name, gender, employer, post) in enumerate(people):
        if not Member.objects.filter(office=office, name=name).exists():
            services.save_member(
                None,
                Member(office=office),
                name=name,
                gender=gender,
                employer=employer,
                post=post,
                phone=f"1380732{office.pk % 10}{index:03d}",
            )
            created += 1
    return created
