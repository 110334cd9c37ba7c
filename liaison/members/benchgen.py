"""Benchmark data: members with sectors, pinyin keys and contact data, sectors and committees
per district. See liaison/core/benchgen.py."""

import datetime

from liaison.core.benchgen import Context, register
from liaison.members.choices import DEFAULT_COMMITTEES, DEFAULT_SECTORS, Affiliation
from liaison.members.models import Committee, Member, Sector
from liaison.members.services import pinyin_keys
from liaison.members.validators import id_check_character

MEMBER_COLUMNS = [
    "id", "office_id", "name", "name_pinyin", "search_keys", "gender", "ethnicity",
    "birth_date", "affiliation", "sector_id", "term", "committee_id", "employer", "post",
    "level", "status", "status_reason", "phone", "id_number", "address", "photo",
    "created_at", "updated_at",
]  # fmt: skip
EMPLOYERS = [
    "有限公司",
    "医院",
    "小学",
    "律师事务所",
    "商会",
    "社区卫生服务中心",
    "酒店",
    "科技公司",
]


@register("members", order=20)
def generate(ctx: Context) -> None:
    sectors, committees = _district_lists(ctx)
    affiliations = [a.value for a in Affiliation]
    keys: dict[str, tuple[str, str]] = {}  # names repeat: compute each name's pinyin once
    ids = iter(ctx.loader.reserve_ids(Member, ctx.scale["members"]))
    rows = []
    names = ctx.extra["member_names"] = {}  # for rows that repeat a member's name
    for office, count in zip(ctx.offices, ctx.per_office(ctx.scale["members"]), strict=True):
        district = ctx.office_district[office]
        members = ctx.members.setdefault(office, [])
        for _ in range(count):
            pk = next(ids)
            name = ctx.name()
            usual, search = keys.setdefault(name, pinyin_keys(name))
            born = datetime.date(1955, 1, 1) + datetime.timedelta(days=ctx.rng.randrange(14000))
            # Unique and valid (GB 11643 check digit): the id's digits as region and sequence.
            first17 = f"43{pk // 1000 % 10000:04d}{born:%Y%m%d}{pk % 1000:03d}"
            id_number = first17 + id_check_character(first17)
            rows.append((
                pk, office, name, usual, search, ctx.rng.choice(("male", "female")), "汉族",
                born, ctx.rng.choice(affiliations), ctx.rng.choice(sectors[district]), 14,
                ctx.rng.choice(committees[district]), f"{name[0]}氏{ctx.rng.choice(EMPLOYERS)}",
                "负责人", "district", "serving", "", f"139{pk:08d}"[-11:],
                id_number,
                f"长沙市某区{pk % 200}号", "", ctx.now, ctx.now,
            ))  # fmt: skip
            members.append(pk)
            names[pk] = name
    ctx.loader.load(Member, MEMBER_COLUMNS, rows)


def _district_lists(ctx: Context):
    """Every district's sectors and committees (the signal that preloads them is bypassed)."""
    found = {}
    for model, names in ((Sector, DEFAULT_SECTORS), (Committee, DEFAULT_COMMITTEES)):
        per_district = {}
        ids = iter(ctx.loader.reserve_ids(model, len(names) * len(ctx.extra["districts"])))
        rows = []
        for district in ctx.extra["districts"]:
            per_district[district] = []
            for order, name in enumerate(names):
                pk = next(ids)
                rows.append((pk, district, name, order, True))
                per_district[district].append(pk)
        ctx.loader.load(model, ["id", "district_id", "name", "sort_order", "is_active"], rows)
        found[model] = per_district
    return found[Sector], found[Committee]
