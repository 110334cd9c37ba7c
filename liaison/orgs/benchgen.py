"""Benchmark data: the organization tree (cities → districts → offices and each street's
Party committee, sub-district office and departments). See liaison/core/benchgen.py."""

from liaison.core.benchgen import PLACES, Context, register
from liaison.orgs.models import Organization, Role, RoleAssignment, User

Kind = Organization.Kind
COLUMNS = ["id", "name", "short_name", "kind", "parent_id", "path", "sort_order", "is_active"]
STREET_DEPARTMENTS = ["食安办", "工商所", "城管中队", "民政办", "社区服务中心"]


@register("orgs", order=10)
def generate(ctx: Context) -> None:
    scale = ctx.scale
    rows = []
    ids = iter(ctx.loader.reserve_ids(Organization, _count(scale)))

    def add(name, kind, parent=None, short=""):
        pk = next(ids)
        path = f"{parent[1] if parent else '/'}{pk}/"
        rows.append((pk, name, short, kind, parent[0] if parent else None, path, 0, True))
        return pk, path

    root = add("压测省政协", Kind.CITY_CPPCC) if scale["cities"] > 1 else None
    districts = []
    for c in range(scale["cities"]):
        city = add(f"压测{c + 1}市政协", Kind.CITY_CPPCC, root)
        per_city = scale["districts"] // scale["cities"]
        districts += [
            add(f"压测{c + 1}市{d + 1}区政协", Kind.DISTRICT_CPPCC, city) for d in range(per_city)
        ]
    for n in range(scale["offices"]):
        district = districts[n % len(districts)]
        street = f"{ctx.rng.choice(PLACES)}{n + 1}街道"
        office = add(f"{street}政协联络处", Kind.LIAISON_OFFICE, district, short=street)
        party = add(f"{street}党工委", Kind.PARTY_COMMITTEE, district)
        subdistrict = add(f"{street}办事处", Kind.SUBDISTRICT_OFFICE, district)
        departments = [
            add(f"{street}{name}", Kind.DEPARTMENT, subdistrict)[0] for name in STREET_DEPARTMENTS
        ]
        ctx.offices.append(office[0])
        ctx.office_district[office[0]] = district[0]
        ctx.departments[office[0]] = departments
        ctx.extra.setdefault("review_bodies", {})[office[0]] = [party[0], subdistrict[0]]
    ctx.extra["districts"] = [pk for pk, _path in districts]
    ctx.loader.load(Organization, COLUMNS, rows)
    _accounts(ctx)


def _accounts(ctx: Context) -> None:
    """One staff account per office and one handler per department (no usable password):
    the users the services would have recorded as assigning, replying and entering."""
    places = [(office, Role.OFFICE_STAFF) for office in ctx.offices]
    places += [(d, Role.HANDLER) for office in ctx.offices for d in ctx.departments[office]]
    ids = ctx.loader.reserve_ids(User, len(places))
    ctx.extra["office_staff"], ctx.extra["handlers"] = {}, {}
    for pk, (org, role) in zip(ids, places, strict=True):
        ctx.extra["office_staff" if role == Role.OFFICE_STAFF else "handlers"][org] = pk
    ctx.loader.load(
        User,
        ["id", "username", "password", "display_name"],
        (
            (pk, f"bench-{role}-{org}", "!", ctx.name())
            for pk, (org, role) in zip(ids, places, strict=True)
        ),
    )
    ctx.loader.load(
        RoleAssignment,
        ["user_id", "organization_id", "role"],
        ((pk, org, role) for pk, (org, role) in zip(ids, places, strict=True)),
    )


def _count(scale) -> int:
    root = 1 if scale["cities"] > 1 else 0
    per_office = 3 + len(STREET_DEPARTMENTS)
    return root + scale["cities"] + scale["districts"] + scale["offices"] * per_office
