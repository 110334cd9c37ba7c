"""The roster import at its limit: a 50,000-row xlsx (importing.MAX_ROWS) read, checked and
committed the way an office does it (upload → preview → commit), timed. Target: ≤ 30 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/liaison_bench \
        python bench/import_roster.py [--rows 50000]

Needs a migrated database with at least one district (bench_generate makes them). The rows
go to a liaison office of their own, created for the run; the whole run is rolled back at
the end, so the database is left as it was and the benchmark can be repeated.
"""

import argparse
import datetime
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
TARGET_SECONDS = 30

HEADER = ["姓名", "性别", "民族", "出生日期", "政治面貌", "界别", "届次", "工作单位", "职务"]
HEADER += ["状态", "手机号码", "身份证号"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红"
PARTIES = ["中共党员", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "无党派人士"]


class _RolledBack(Exception):
    """Raised to undo the run once it has been timed."""


def roster(rows: int, sectors: list[str]) -> bytes:
    """`rows` distinct members: valid ID numbers and mobile numbers, every column filled."""
    from openpyxl import Workbook

    from liaison.members.validators import id_check_character

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("委员名册")
    sheet.append(HEADER)
    for i in range(rows):
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=i % 15_000)
        first17 = f"99{i // 1000 % 10000:04d}{born:%Y%m%d}{i % 1000:03d}"
        given = GIVEN[i // 20 % len(GIVEN)] + (GIVEN[i // 600 % len(GIVEN)] if i % 3 else "")
        name = SURNAMES[i % len(SURNAMES)] + given
        sheet.append(
            [
                name,
                "男" if i % 2 else "女",
                "汉族",
                born.isoformat(),
                PARTIES[i % len(PARTIES)],
                sectors[i % len(sectors)] if sectors else "",
                "14",
                f"某某有限公司{i % 997}",
                "总经理",
                "在任",
                f"13{i:09d}",
                first17 + id_check_character(first17),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(rows: int = 50_000) -> str:
    import django

    django.setup()
    from django.db import connection, transaction

    from liaison.members import importing
    from liaison.members.models import Member, Sector
    from liaison.orgs import services as orgs
    from liaison.orgs.models import Organization, User

    district = Organization.objects.filter(kind="district_cppcc").order_by("pk").first()
    if district is None:
        return "roster import: skipped (no district: run manage.py bench_generate first)"
    sectors = list(Sector.objects.filter(district=district).values_list("name", flat=True))
    began = time.perf_counter()
    data = roster(rows, sectors)
    built = time.perf_counter() - began
    figures = {}
    try:
        with transaction.atomic():
            office = orgs.create_organization(
                None, name="压测导入联络处", kind="liaison_office", parent=district
            )
            director = User.objects.create(username="bench-importer", display_name="导入")
            began = time.perf_counter()
            plan = importing.plan_import(data, office)
            figures["preview"] = time.perf_counter() - began
            if plan.errors:
                figures["errors"] = plan.errors
                raise _RolledBack
            began = time.perf_counter()
            result = importing.commit_import(director, data, office)
            figures["commit"] = time.perf_counter() - began
            figures["members"] = Member.objects.filter(office=office).count()
            raise _RolledBack
    except _RolledBack:
        pass
    if connection.vendor == "postgresql":
        # 50,000 rolled-back rows stay behind as dead tuples: the member lists measured next
        # would scan them.
        with connection.cursor() as cursor:
            for table in ("members_member", "orgs_auditentry", "orgs_user"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    if "errors" in figures:
        errors = figures["errors"]
        return f"roster import: {len(errors)} bad rows, first {errors[:3]}"
    total = figures["preview"] + figures["commit"]
    verdict = "" if total <= TARGET_SECONDS else f"  ** > {TARGET_SECONDS} s"
    return (
        f"roster import, {rows:,} rows ({len(data) / 1e6:.1f} MB xlsx, built in {built:.1f} s), "
        f"{connection.vendor}: preview {figures['preview']:.1f} s + commit "
        f"{figures['commit']:.1f} s = {total:.1f} s; {result['created']:,} created, "
        f"{figures['members']:,} in the office{verdict}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    print(run(parser.parse_args().rows))
