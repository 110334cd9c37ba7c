"""The ledger, a member's duty record (履职档案), the office's ranking and inactive members."""

import datetime
from typing import NamedTuple

from django.db.models import FilteredRelation, Q
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from liaison.core.lists import int_param, paginate
from liaison.core.rows import escape_text, pk_url
from liaison.duty import scoring
from liaison.duty.kinds import all_kinds, get_kind
from liaison.duty.models import DutyRecord, Scoring
from liaison.members.models import Member
from liaison.orgs.access import Perm, can, chosen_among, organizations_for, perm_required


def _year(request) -> int:
    return int_param(request.GET.get("year"), low=2000, high=2100) or timezone.localdate().year


def _ledger(request):
    """The ledger rows the user reaches: the offices they view, or their own acts."""
    if can(request.user, Perm.OFFICE_VIEW):
        return DutyRecord.objects.visible_to(request.user)
    return DutyRecord.objects.filter(member__user=request.user)


# What a ledger row shows: its member's and office's names, not their every column (a
# member's personal data among them); the source's model name comes from ContentType's cache.
LEDGER_COLUMNS = (
    *("date", "year", "kind", "content_type", "object_id", "points"),
    *("member__name", "office__name"),
)


@perm_required(Perm.MEMBER_SELF, Perm.OFFICE_VIEW)
def duty_home(request):
    """A member sees their own acts; office and district roles see the ledger they reach.
    ?kind= and ?office= narrow it (the dashboards' figures link here)."""
    year = _year(request)
    records = _ledger(request).of_year(year)
    kind = request.GET.get("kind", "")
    if kind:
        records = records.filter(kind=kind)
    office = int_param(request.GET.get("office"))
    if office is not None:
        records = records.filter(office_id=office)
    return render(
        request,
        "duty/home.html",
        {
            "page": paginate(
                request, records, select_related=("member", "office"), only=LEDGER_COLUMNS
            ),
            "year": year,
            "kind": get_kind(kind),
            "me": Member.objects.of_user(request.user).first(),
            "office_view": can(request.user, Perm.OFFICE_VIEW),
        },
    )


@perm_required(Perm.MEMBER_SELF, Perm.OFFICE_VIEW)
def record_detail(request, pk):
    """One act with its points and the rule that gave them, linking to its source."""
    entry = get_object_or_404(_ledger(request).select_related("member", "content_type"), pk=pk)
    source = entry.source
    url = ""
    for candidate in (source, getattr(source, "activity", None), getattr(source, "event", None)):
        if candidate is not None and hasattr(candidate, "get_absolute_url"):
            url = candidate.get_absolute_url()
            break
    return render(
        request,
        "duty/record_detail.html",
        {
            "entry": entry,
            "source": source,
            "source_url": url,
            "rule": scoring.rule_for(entry.kind, entry.year),
        },
    )


# --- A member's duty record -----------------------------------------------------------------


def _member(request, pk) -> Member:
    """Members of the offices the user views, or the user's own record; anyone else's: 404."""
    return get_object_or_404(
        Member.objects.visible_to(request.user).select_related("office"), pk=pk
    )


def _period(request, member) -> tuple[datetime.date, datetime.date, str]:
    if request.GET.get("term") and member.term_start:
        end = member.term_end or timezone.localdate()
        return member.term_start, end, "term"
    start, end = scoring.period_of(_year(request))
    return start, end, "year"


def member_record_context(member, start, end) -> dict:
    settings = Scoring.current()
    records = DutyRecord.objects.filter(member=member, date__range=(start, end))
    labels = {k.code: k.label for k in all_kinds()}
    by_kind = scoring.totals_by_kind(records)
    for row in by_kind:
        row["label"] = labels.get(row["kind"], row["kind"])
    earned = sum(row["points"] or 0 for row in by_kind)  # the same rows' points, added up
    years = end.year - start.year + 1
    total = settings.base_points * years + earned
    return {
        "member": member,
        "start": start,
        "end": end,
        "acts": records.order_by("date", "pk"),  # the source's name: ContentType's cache
        "by_kind": by_kind,
        "earned": earned,
        "base": settings.base_points * years,
        "total": total,
        "grade": settings.grade(total),
        "scoring": settings,
    }


@perm_required(Perm.MEMBER_SELF, Perm.OFFICE_VIEW)
def member_record(request, pk):
    return _record(request, _member(request, pk))


def _record(request, member):
    start, end, period = _period(request, member)
    context = member_record_context(member, start, end)
    context.update(year=start.year, period=period)
    if request.GET.get("format") == "pdf":
        return _pdf(request, context)
    return render(request, "duty/member_record.html", context)


@perm_required(Perm.MEMBER_SELF, Perm.OFFICE_VIEW)
def my_record(request):
    member = Member.objects.of_user(request.user).select_related("office").first()
    if member is None:
        raise Http404
    return _record(request, member)  # their own: no second read to scope it


def _pdf(request, context) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string("duty/member_record_print.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"duty-record-{context['member'].pk}-{context['start']:%Y}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- The office's ranking and inactive members ----------------------------------------------


def _office(request):
    offices = organizations_for(request.user, Perm.OFFICE_VIEW).filter(kind="liaison_office")
    return chosen_among(offices, request.GET.get("office", ""))


class Ranked(NamedTuple):
    """One line of the ranking (a tuple: a thousand of them are made per page)."""

    pk: int
    name: str
    acts: int
    points: int
    total: int
    grade: str


def ranking_rows(office, year: int, settings: Scoring) -> list[Ranked]:
    """Serving members of the office with their acts and points of the year, best first: one
    query over the members and their stored sums (duty.yearly), not over the ledger."""
    of_year = FilteredRelation("duty_years", condition=Q(duty_years__year=year))
    found = (
        Member.objects.filter(office=office)
        .serving()
        .annotate(of_year=of_year)
        .order_by(Coalesce("of_year__points", 0).desc(), "name_pinyin")
        # the columns as they are (None: no act this year), without a converter per value
        .values_list("pk", "name", "of_year__acts", "of_year__points")
    )
    grades: dict[int, str] = {}
    rows = []
    base = settings.base_points
    for pk, name, acts, points in found:
        acts, points = acts or 0, points or 0
        total = base + points
        if total not in grades:
            grades[total] = settings.grade(total)
        rows.append(Ranked(pk, name, acts, points, total, grades[total]))
    return rows


def ranking_table(rows: list[Ranked], year: int) -> str:
    """The ranking's <tr>s. An office's whole roster is one page (a thousand members at
    province scale): the template engine took ≈ 80 ms over them, this ≈ 1 ms."""
    record_url = pk_url("duty_member_record", escape=True)
    grades = {row.grade: escape_text(row.grade) for row in rows}
    # every value is escaped or a number
    return mark_safe(
        "".join(
            f'<tr><td>{n}</td><td><a href="{href}">{escape_text(name)}</a></td>'
            f'<td class="text-end">{acts}</td>'
            f'<td class="text-end"><a href="{href}">{total}</a></td>'
            f"<td>{grades[grade]}</td></tr>\n  "
            for n, (pk, name, acts, _points, total, grade) in enumerate(rows, 1)
            for href in (f"{record_url(pk)}?year={year}",)
        )
    )


@perm_required(Perm.OFFICE_VIEW)
def ranking(request):
    office, offices = _office(request)
    year = _year(request)
    settings = Scoring.current()
    rows = ranking_rows(office, year, settings)
    return render(
        request,
        "duty/ranking.html",
        {
            "office": office,
            "offices": offices,
            "year": year,
            "rows": rows,
            "table": ranking_table(rows, year),
            "scoring": settings,
        },
    )


def inactive_members(office, today: datetime.date, settings: Scoring):
    """Serving members with nothing recorded for `inactive_months`, or below the basic grade
    this year so far: the list for 谈话提醒."""
    from django.db.models import Q

    since = today - datetime.timedelta(days=30 * settings.inactive_months)
    start = datetime.date(today.year, 1, 1)
    rows = scoring.member_points(Member.objects.filter(office=office).serving(), start, today)
    return rows.filter(
        Q(last_act__isnull=True)
        | Q(last_act__lt=since)
        | Q(points__lt=settings.basic - settings.base_points)
    ).order_by("last_act", "points", "name_pinyin")


@perm_required(Perm.OFFICE_VIEW)
def inactive(request):
    office, offices = _office(request)
    settings = Scoring.current()
    today = timezone.localdate()
    return render(
        request,
        "duty/inactive.html",
        {
            "office": office,
            "offices": offices,
            "rows": paginate(request, inactive_members(office, today, settings)),
            "scoring": settings,
            "since": today - datetime.timedelta(days=30 * settings.inactive_months),
        },
    )
