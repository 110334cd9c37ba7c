"""The forwarding report (原汁原味) and the department scorecard, for a period."""

import datetime
import io
from collections import OrderedDict

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.opinions.models import (
    OPEN_STATUSES,
    A,
    Assignment,
    Feedback,
    Opinion,
    Status,
)

SATISFIED = [Feedback.Satisfaction.SATISFIED, Feedback.Satisfaction.BASICALLY]


def outcome_text(opinion: Opinion) -> str:
    """What became of an opinion, in one line for the report."""
    status = opinion.get_status_display()
    if opinion.status == Status.MERGED and opinion.merged_into_id:
        return _("%(status)s (see opinion no. %(pk)s)") % {
            "status": status,
            "pk": opinion.merged_into_id,
        }
    if opinion.status == Status.ESCALATED or opinion.escalated_to:
        answer = opinion.escalation_answer or _("awaiting the answer")
        return f"{status}：{opinion.escalated_to}，{answer}"
    assignments = list(opinion.assignments.all())
    if assignments:
        last = assignments[-1]
        replies = [r for r in last.replies.all() if r.published_at]
        text = f"{status}：{last.department.name}（{last.get_status_display()}）"
        if replies:
            text += f"。{replies[-1].text}"
        return text
    return f"{status}：{opinion.outcome_note}" if opinion.outcome_note else status


def forwarding_rows(office, start: datetime.date, end: datetime.date):
    """Every opinion received in the period, grouped by category: an ordered dict of
    category name → list of opinions (with raisers and assignments prefetched)."""
    opinions = (
        Opinion.objects.filter(office=office)
        .received_between(start, end)
        .select_related("category")
        .prefetch_related("raisers", "assignments__department", "assignments__replies")
        .order_by("category__sort_order", "category__name", "submitted_at", "pk")
    )
    groups: OrderedDict[str, list] = OrderedDict()
    for opinion in opinions:
        groups.setdefault(
            opinion.category.name if opinion.category else _("Uncategorized"), []
        ).append(opinion)
    return groups


def _row(number, opinion):
    return [
        number,
        timezone.localtime(opinion.submitted_at).strftime("%Y-%m-%d"),
        "、".join(m.name for m in opinion.raisers.all()),
        opinion.get_source_display(),
        opinion.text,
        outcome_text(opinion),
    ]


def headers():
    return [_("No."), _("Received"), _("Raised by"), _("Source"), _("Verbatim text"), _("Outcome")]


def forwarding_docx(office, start, end) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(11)
    document.add_heading(
        _("%(office)s: opinions and suggestions of members (verbatim)") % {"office": office.name},
        level=1,
    )
    document.add_paragraph(_("Period: %(start)s to %(end)s") % {"start": start, "end": end})
    groups = forwarding_rows(office, start, end)
    if not groups:
        document.add_paragraph(_("No opinions were received in this period."))
    number = 0
    for category, opinions in groups.items():
        document.add_heading(f"{category}（{len(opinions)}）", level=2)
        for opinion in opinions:
            number += 1
            row = _row(number, opinion)
            document.add_paragraph(
                f"{number}. {row[2]}（{row[3]}，{row[1]}）", style="List Number"
            ).runs[0].bold = True
            document.add_paragraph(opinion.text)
            document.add_paragraph(_("Outcome: %(text)s") % {"text": row[5]})
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def forwarding_xlsx(office, start, end) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "原汁原味"
    sheet.append([f"{office.name} {start}—{end}"])
    sheet.append(headers())
    number = 0
    for category, opinions in forwarding_rows(office, start, end).items():
        sheet.append([f"{category}（{len(opinions)}）"])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for opinion in opinions:
            number += 1
            sheet.append(_row(number, opinion))
            for cell in sheet[sheet.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEF", (6, 12, 16, 14, 60, 50), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def scorecard(office_ids, start: datetime.date, end: datetime.date, today=None) -> list[dict]:
    """Per department, of the assignments made in the period: one aggregate query."""
    today = today or timezone.localdate()
    distinct = {"distinct": True}
    rows = (
        Assignment.objects.filter(
            office_id__in=list(office_ids),
            assigned_at__date__gte=start,
            assigned_at__date__lte=end,
        )
        .values(department_name=F("department__name"), department_pk=F("department"))
        .annotate(
            received=Count("pk", **distinct),
            closed=Count("pk", filter=Q(status=A.CLOSED), **distinct),
            closed_unsolved=Count("pk", filter=Q(status=A.CLOSED_UNSOLVED), **distinct),
            closed_on_time=Count("pk", filter=Q(status=A.CLOSED, on_time=True), **distinct),
            overdue=Count(
                "pk",
                filter=Q(status__in=OPEN_STATUSES, deadline__lt=today) | Q(on_time=False),
                **distinct,
            ),
            published=Count("pk", filter=Q(round__gt=0), **distinct),
            with_feedback=Count("pk", filter=Q(feedback__isnull=False), **distinct),
            feedback_total=Count("feedback", **distinct),
            satisfied=Count("feedback", filter=Q(feedback__satisfaction__in=SATISFIED), **distinct),
            reopened=Count("pk", filter=Q(reopen_count__gt=0), **distinct),
        )
        .order_by("department_name")
    )
    result = []
    for row in rows:
        row["feedback_rate"] = (
            round(100 * row["with_feedback"] / row["published"]) if row["published"] else None
        )
        row["satisfied_rate"] = (
            round(100 * row["satisfied"] / row["feedback_total"]) if row["feedback_total"] else None
        )
        result.append(row)
    return result
