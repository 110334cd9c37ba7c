"""Roster import: xlsx or csv (UTF-8 or GBK), Chinese headers, a preview that lists every bad
row with its reason, and an all-or-nothing commit. Rows are matched to existing members of the
office by ID number, else by phone, so importing the same file twice updates instead of
duplicating."""

import csv
import datetime
import hashlib
import io
import re
import secrets
import zipfile
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from liaison.core import xlsx_read
from liaison.core.text import clean_text
from liaison.members import services
from liaison.members.choices import ETHNICITIES
from liaison.members.models import Committee, Member, MemberGroup, Sector
from liaison.members.validators import validate_id_number
from liaison.orgs.audit import log_action
from liaison.orgs.models import RoleAssignment, User, phone_validator

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

# The template's columns, in order, and the field each fills.
COLUMNS = [
    ("姓名", "name"),
    ("性别", "gender"),
    ("民族", "ethnicity"),
    ("出生日期", "birth_date"),
    ("政治面貌", "affiliation"),
    ("界别", "sector"),
    ("届次", "term"),
    ("任期开始", "term_start"),
    ("任期结束", "term_end"),
    ("专委会", "committee"),
    ("工作单位", "employer"),
    ("职务", "post"),
    ("委员组", "group"),
    ("层级", "level"),
    ("状态", "status"),
    ("手机号码", "phone"),
    ("身份证号", "id_number"),
    ("地址", "address"),
    ("登录账号", "username"),
]
ALIASES = {
    "手机": "phone",
    "电话": "phone",
    "身份证号码": "id_number",
    "住址": "address",
    "家庭住址": "address",
    "单位": "employer",
    "活动组": "group",
    "出生年月": "birth_date",
}
HEADERS = dict(COLUMNS) | ALIASES
TEMPLATE_HEADERS = [header for header, _field in COLUMNS]
# One example row, with a valid ID number; offices overwrite it with their own members.
EXAMPLE = [
    "张三",
    "男",
    "汉族",
    "1968-05-12",
    "中国民主建国会",
    "经济界",
    "14",
    "2022-01-01",
    "2026-12-31",
    "经济委员会",
    "某某有限公司",
    "董事长",
    "第一组",
    "区政协委员",
    "在任",
    "13800000000",
    "430102196805120014",
    "长沙市芙蓉区燕山街1号",
    "",
]

GENDERS = {"男": "male", "女": "female"}
AFFILIATIONS = {
    "中共": "cpc",
    "中共党员": "cpc",
    "中国共产党": "cpc",
    "民革": "rcck",
    "民盟": "cdl",
    "民建": "cndca",
    "民进": "capd",
    "农工党": "cpwdp",
    "致公党": "zgd",
    "九三学社": "jiusan",
    "台盟": "tdsgl",
    "无党派": "non_party",
    "无党派人士": "non_party",
    "群众": "masses",
    "中国国民党革命委员会": "rcck",
    "中国民主同盟": "cdl",
    "中国民主建国会": "cndca",
    "中国民主促进会": "capd",
    "中国农工民主党": "cpwdp",
    "中国致公党": "zgd",
    "台湾民主自治同盟": "tdsgl",
}
LEVELS = {
    "区": "district",
    "区政协委员": "district",
    "市": "city",
    "市政协委员": "city",
    "省": "province",
    "省政协委员": "province",
    "全国": "national",
    "全国政协委员": "national",
}
ETHNICITY_NAMES = {e: e for e in ETHNICITIES}
STATUSES = {"在任": "serving", "届满": "term_ended", "退出": "withdrawn"}


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing in it was looked at row by row."""


@dataclass
class PlannedRow:
    row: int
    fields: dict
    member: Member | None = None  # the existing member this row updates
    username: str = ""


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)

    @property
    def creates(self) -> int:
        return sum(1 for r in self.rows if r.member is None)

    @property
    def updates(self) -> int:
        return sum(1 for r in self.rows if r.member is not None)


# --- Reading the file -----------------------------------------------------------------------


def read_table(data: bytes) -> list[list]:
    """The file's rows as lists of cell values (strings, numbers or dates)."""
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB; split it into several files."))
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_xlsx(data: bytes) -> list[list]:
    unreadable = ImportFileError(_("The file is not a readable xlsx workbook."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        # A small file that unpacks to gigabytes (a zip bomb) is refused before it is read.
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise unreadable
        try:
            sheet_path = xlsx_read.first_sheet_path(archive)
            rows = _limited(xlsx_read.iter_rows(archive, sheet_path))
        except ImportFileError:
            raise
        except Exception:
            sheet_path, rows = _read_with_openpyxl(data)
        merged = _merged_in_header(archive.read(sheet_path))
        if merged:
            raise ImportFileError(
                _("The header row has merged cells (%(cells)s); use one cell per column.")
                % {"cells": merged}
            )
    except ImportFileError:
        raise
    except Exception:  # openpyxl fails on a broken workbook in many ways (XML, zip, styles)
        raise unreadable from None
    return rows


def _read_with_openpyxl(data: bytes) -> tuple[str, list[list]]:
    # Read-only mode streams the sheet: several times faster on a full roster.
    workbook = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    sheet = workbook.worksheets[0]
    return sheet._worksheet_path, _limited(list(row) for row in sheet.iter_rows(values_only=True))


def _limited(rows) -> list[list]:
    table = []
    for row in rows:
        table.append(row)
        if len(table) > MAX_ROWS + 1:
            message = _("At most %(n)d rows can be imported at once.") % {"n": MAX_ROWS}
            raise ImportFileError(message)
    return table


def _merged_in_header(sheet_xml: bytes) -> str:
    """The first merged range that touches row 1 ("A1:B1"), or "" (read-only mode does not
    read merged cells, so they are found in the sheet's XML)."""
    for ref in re.findall(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"', sheet_xml):
        first = int(re.search(rb"[0-9]+", ref).group())
        if first == 1:
            return ref.decode()
    return ""


def _read_csv(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The file is neither an xlsx workbook nor a UTF-8 or GBK csv."))
    if "\x00" in text:
        raise ImportFileError(_("The file is neither an xlsx workbook nor a UTF-8 or GBK csv."))
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) > MAX_ROWS + 1:
        raise ImportFileError(_("At most %(n)d rows can be imported at once.") % {"n": MAX_ROWS})
    return rows


def _columns(header: list) -> dict[int, str]:
    columns, unknown = {}, []
    for index, cell in enumerate(header):
        title = re.sub(r"\s+", "", str(cell or ""))
        if not title:
            continue
        if title in HEADERS:
            columns[index] = HEADERS[title]
        else:
            unknown.append(title)
    if "name" not in columns.values():
        raise ImportFileError(
            _("No “姓名” column in the first row: download the template and keep its headers.")
        )
    return columns


# --- Parsing cell values --------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value)).strip()


def _date(value, label: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    match = re.fullmatch(r"(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?", text)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise ValidationError(
        _("%(label)s “%(value)s” is not a date (write 1968-05-12).")
        % {"label": label, "value": text}
    )


def _choice(value, mapping: dict, label: str) -> str:
    text = _text(value)
    if not text:
        return ""
    if text in mapping:
        return mapping[text]
    raise ValidationError(
        _("%(label)s “%(value)s” is not one of: %(allowed)s")
        % {"label": label, "value": text, "allowed": "、".join(mapping)}
    )


class _Lookups:
    """Everything a row is checked against, read once for the whole file."""

    def __init__(self, office):
        self.office = office
        self.today = timezone.localdate()
        self.district = district = services.district_of(office)
        self.sectors = {s.name: s for s in Sector.objects.filter(district=district)}
        self.committees = {c.name: c for c in Committee.objects.filter(district=district)}
        self.groups = {g.name: g for g in MemberGroup.objects.filter(office=office)}
        members = list(Member.objects.filter(office=office))
        self.by_id = {m.id_number: m for m in members if m.id_number}
        self.by_phone: dict[str, list[Member]] = {}
        for m in members:
            if m.phone:
                self.by_phone.setdefault(m.phone, []).append(m)
        self.taken_usernames = {u.lower() for u in User.objects.values_list("username", flat=True)}


def _parse_row(raw: dict, lookups: _Lookups, new_groups: set) -> tuple[dict, list[str]]:
    errors, fields = [], {}

    def attempt(name, parse):
        try:
            fields[name] = parse()
        except ValidationError as error:
            errors.extend(error.messages)

    fields["name"] = _text(raw.get("name"))
    if not fields["name"]:
        errors.append(_("The name is missing."))
    elif len(fields["name"]) > 50:
        errors.append(_("The name is longer than 50 characters."))
    attempt("gender", lambda: _choice(raw.get("gender"), GENDERS, gettext_lazy("Gender")))
    attempt(
        "ethnicity",
        lambda: _choice(raw.get("ethnicity"), ETHNICITY_NAMES, gettext_lazy("Ethnicity")),
    )
    attempt("birth_date", lambda: _date(raw.get("birth_date"), gettext_lazy("Birth date")))
    if fields.get("birth_date") and fields["birth_date"] > lookups.today:
        errors.append(_("The birth date is in the future."))
    attempt(
        "affiliation",
        lambda: _choice(
            raw.get("affiliation"), AFFILIATIONS, gettext_lazy("Political affiliation")
        ),
    )
    attempt(
        "sector",
        lambda: _choice(raw.get("sector"), lookups.sectors, gettext_lazy("Sector")) or None,
    )
    attempt(
        "committee",
        lambda: (
            _choice(raw.get("committee"), lookups.committees, gettext_lazy("Special committee"))
            or None
        ),
    )
    term = re.sub(r"[第届]", "", _text(raw.get("term")))
    if term and not (term.isdecimal() and 0 < int(term) < 100):
        errors.append(_("Term “%(value)s” is not a number such as 14.") % {"value": term})
    fields["term"] = int(term) if term.isdecimal() else None
    attempt("term_start", lambda: _date(raw.get("term_start"), gettext_lazy("Term start")))
    attempt("term_end", lambda: _date(raw.get("term_end"), gettext_lazy("Term end")))
    if (
        fields.get("term_start")
        and fields.get("term_end")
        and (fields["term_end"] < fields["term_start"])
    ):
        errors.append(_("The term ends before it starts."))
    for name, limit in [("employer", 100), ("post", 100), ("address", 200)]:
        fields[name] = _text(raw.get(name))
        if len(fields[name]) > limit:
            errors.append(
                _("%(field)s is longer than %(n)d characters.")
                % {"field": Member._meta.get_field(name).verbose_name, "n": limit}
            )
    group = _text(raw.get("group"))
    if group and group not in lookups.groups:
        new_groups.add(group)
    fields["group"] = group
    attempt("level", lambda: _choice(raw.get("level"), LEVELS, gettext_lazy("Level")) or "district")
    attempt(
        "status", lambda: _choice(raw.get("status"), STATUSES, gettext_lazy("Status")) or "serving"
    )
    fields["phone"] = _text(raw.get("phone"))
    if fields["phone"]:
        try:
            phone_validator(fields["phone"])
        except ValidationError:
            errors.append(
                _("Mobile number “%(value)s” is not 11 digits starting with 1.")
                % {"value": fields["phone"]}
            )
    fields["id_number"] = _text(raw.get("id_number")).upper()
    try:
        validate_id_number(fields["id_number"])
    except ValidationError as error:
        errors.extend(error.messages)
    fields["username"] = _text(raw.get("username"))
    return fields, errors


def _taken_id_numbers(parsed: list, lookups: _Lookups) -> set[str]:
    """The file's ID numbers that belong to members of other offices, in a few queries
    rather than one a row."""
    wanted = {fields["id_number"] for _number, fields, _errors in parsed}
    wanted = sorted(wanted - {""} - set(lookups.by_id))
    taken = set()
    for start in range(0, len(wanted), 2000):
        chunk = wanted[start : start + 2000]
        taken.update(Member.objects.filter(id_number__in=chunk).values_list("id_number", flat=True))
    return taken


# How long a preview's parsed rows are kept for the commit that follows it.
PARSED_SECONDS = 3600


def _parsed_key(data: bytes, lookups: _Lookups) -> str:
    """The file's checksum and everything its parsing depends on besides the file: the
    office's lists (a sector renamed or removed between preview and commit parses again),
    the day (birth dates in the future) and the language of the messages."""
    digest = hashlib.sha256(data)
    district = lookups.district.pk if lookups.district else None
    digest.update(f"{lookups.office.pk}|{district}".encode())
    for items in (lookups.sectors, lookups.committees, lookups.groups):
        digest.update(repr(sorted((name, item.pk) for name, item in items.items())).encode())
    digest.update(f"{timezone.localdate()}|{translation.get_language()}".encode())
    return f"members.import.{lookups.office.pk}.{digest.hexdigest()}"


def _parsed_rows(data: bytes, lookups: _Lookups) -> tuple[list, set]:
    """Every non-empty row as (row number, fields, errors), and the groups the file names
    that the office does not have yet. Kept in the cache under the file's checksum, so the
    commit after a preview does not read and check the file again; what can change in
    between (members and accounts in the database) is checked again by `plan_import`."""
    key = _parsed_key(data, lookups)
    cached = cache.get(key)
    if cached is not None:
        return cached
    table = read_table(data)
    columns = _columns(table[0])
    parsed, new_groups = [], set()
    for number, cells in enumerate(table[1:], start=2):
        raw = {columns[i]: v for i, v in enumerate(cells) if i in columns}
        if all(_text(v) == "" for v in raw.values()):
            continue
        fields, errors = _parse_row(raw, lookups, new_groups)
        # A column the file does not have leaves that field of an existing member alone.
        fields = {k: v for k, v in fields.items() if k in raw or k == "name"}
        fields.setdefault("id_number", "")
        fields.setdefault("phone", "")
        fields.setdefault("username", "")
        parsed.append((number, fields, errors))
    cache.set(key, (parsed, new_groups), PARSED_SECONDS)
    return parsed, new_groups


def plan_import(data: bytes, office) -> ImportPlan:
    """Read and check the whole file; nothing is written."""
    lookups = _Lookups(office)
    parsed, new_groups = _parsed_rows(data, lookups)
    plan = ImportPlan()
    seen_ids, seen_phones, seen_usernames = {}, {}, {}
    elsewhere = _taken_id_numbers(parsed, lookups)
    for number, fields, errors in parsed:
        errors = list(errors)  # the cached list stays as parsed
        member = None
        id_number, phone, username = fields["id_number"], fields["phone"], fields["username"]
        if id_number:
            if id_number in seen_ids:
                errors.append(_("ID number repeats row %(row)d.") % {"row": seen_ids[id_number]})
            seen_ids.setdefault(id_number, number)
            member = lookups.by_id.get(id_number)
            if member is None and id_number in elsewhere:
                errors.append(_("This ID number belongs to a member of another office."))
        if phone:
            if phone in seen_phones:
                errors.append(_("Mobile number repeats row %(row)d.") % {"row": seen_phones[phone]})
            seen_phones.setdefault(phone, number)
            matches = lookups.by_phone.get(phone, [])
            if member is None and len(matches) > 1:
                errors.append(_("Several members of the office have this mobile number."))
            elif member is None and matches:
                member = matches[0]
        if username:
            key = username.lower()
            if key in seen_usernames:
                errors.append(_("Login name repeats row %(row)d.") % {"row": seen_usernames[key]})
            seen_usernames.setdefault(key, number)
            owns_it = member is not None and member.user and member.user.username.lower() == key
            if key in lookups.taken_usernames and not owns_it:
                errors.append(_("Login name “%(name)s” is already taken.") % {"name": username})
        for message in errors:
            plan.errors.append((number, message))
        if not errors:
            plan.rows.append(PlannedRow(number, fields, member, username))
    if not plan.rows and not plan.errors:
        raise ImportFileError(_("The file has a header row but no members in it."))
    plan.new_groups = sorted(new_groups)
    return plan


# --- Committing -----------------------------------------------------------------------------


@transaction.atomic
def commit_import(actor, data: bytes, office) -> dict:
    """Import every row, or none when any row is bad. Returns counts and the temporary
    passwords of accounts it created (shown once, never stored in clear)."""
    plan = plan_import(data, office)
    if plan.errors:
        raise ImportFileError(
            _("The file has %(n)d errors; nothing was imported.") % {"n": len(plan.errors)}
        )
    groups = {g.name: g for g in MemberGroup.objects.filter(office=office)}
    for name in plan.new_groups:
        groups[name] = services.save_group(actor, office, name=name)
    accounts, created = [], []
    for planned in plan.rows:
        fields = dict(planned.fields)
        fields.pop("username")
        if "group" in fields:
            fields["group"] = groups.get(fields["group"]) if fields["group"] else None
        if planned.member is None:
            created.append((planned, fields))
            continue
        member = services.save_member(actor, planned.member, **fields)
        if planned.username and member.user_id is None:
            accounts.append((planned.row, _create_account(actor, member, planned.username)))
    # New members in bulk: a row a query would take minutes for a full roster.
    members = services.create_members(actor, office, [fields for _planned, fields in created])
    for (planned, _fields), member in zip(created, members, strict=True):
        if planned.username:
            accounts.append((planned.row, _create_account(actor, member, planned.username)))
    log_action(
        None,
        "import",
        actor,
        {"kind": "members", "created": plan.creates, "updated": plan.updates},
        organization=office,
    )
    accounts = [account for _row, account in sorted(accounts, key=lambda pair: pair[0])]
    return {"created": plan.creates, "updated": plan.updates, "accounts": accounts}


def _create_account(actor, member: Member, username: str) -> dict:
    password = secrets.token_urlsafe(9)
    user = User(
        username=username,
        display_name=member.name,
        phone=member.phone or None,
        must_change_password=True,
    )
    if user.phone and User.objects.filter(phone=user.phone).exists():
        user.phone = None  # the phone already signs someone else in
    user.set_password(password)
    user.save()
    RoleAssignment.objects.get_or_create(user=user, organization=member.office, role="member")
    member.user = user
    member.save(update_fields=["user"])
    log_action(user, "create", actor, {"username": username, "member": member.name})
    return {"member": member.name, "username": username, "password": password}


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "委员名册"
    sheet.append(TEMPLATE_HEADERS)
    sheet.append(EXAMPLE)
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 14
    notes = workbook.create_sheet("填写说明")
    notes.append(["列", "可填写的值"])
    notes.append(["姓名", "必填"])
    notes.append(["性别", "男、女"])
    notes.append(
        [
            "政治面貌",
            "中共党员、民革、民盟、民建、民进、农工党、致公党、九三学社、台盟、无党派人士、群众",
        ]
    )
    notes.append(["层级", "区政协委员、市政协委员、省政协委员、全国政协委员"])
    notes.append(["状态", "在任、届满、退出"])
    notes.append(["日期", "如 1968-05-12"])
    notes.append(
        ["身份证号", "18 位，校验位须正确；再次导入时按身份证号（其次手机号）更新已有委员"]
    )
    notes.append(["登录账号", "填写时为该委员创建账户，首次登录须修改密码"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
