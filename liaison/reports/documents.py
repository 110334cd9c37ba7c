"""The annual summary as docx and PDF; the statistics as xlsx workbooks."""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from liaison.reports import stats
from liaison.reports.summary import Summary

EMPTY_TEXT = gettext_lazy("No work was recorded for this year: every section is empty.")


def _add_paragraph(document, text: str, style_id: str | None = None):
    """document.add_paragraph(text, style), the same XML: a text without tabs or line breaks
    becomes its run's one <w:t> at once (python-docx reads a run's text character by
    character, most of a province office's docx time for its long lists of names), and the
    style goes by its id, looked up once for the document (see _style_id)."""
    if "\t" in text or "\n" in text or "\r" in text:
        paragraph = document.add_paragraph(text)
    else:
        paragraph = document.add_paragraph()
        if text:
            paragraph._p.add_r().add_t(text)
    if style_id is not None:
        paragraph._p.style = style_id
    return paragraph


def _style_id(document, name: str) -> str | None:
    """The id of the paragraph style `name`, as Paragraph.style = name would set it."""
    from docx.enum.style import WD_STYLE_TYPE

    return document.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)


def summary_docx(summary: Summary) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    heading = document.add_heading(summary.title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if summary.empty:
        _add_paragraph(document, str(EMPTY_TEXT))
    bullet, heading_1 = _style_id(document, "List Bullet"), _style_id(document, "Heading 1")
    for section in summary.sections:
        _add_paragraph(document, section.heading, heading_1)  # add_heading(…, level=1)
        for fact in section.facts:
            _add_paragraph(document, fact)
        if section.contributions:
            _add_paragraph(document, _("Members' contributions:"))
            for line in section.contributions:
                _add_paragraph(document, line, bullet)
        for paragraph in section.paragraphs:
            _add_paragraph(document, paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def summary_pdf(summary: Summary, request) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reports/summary_print.html",
        {"summary": summary, "empty_text": str(EMPTY_TEXT)},
        request=request,
    )
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()


def _sheet(book, title: str):
    sheet = book.create_sheet(title=title[:31])
    return sheet


def _bold_row(sheet, values):
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def office_workbook(office, year: int, summary: Summary) -> bytes:
    """The office's statistics of the year: every figure, and every member's acts and points."""
    book = Workbook()
    book.remove(book.active)
    sheet = _sheet(book, _("Statistics"))
    _bold_row(sheet, [_("Family"), _("Figure"), _("Value"), _("Unit"), _("Target")])
    for family in stats.office_families(office, year, with_links=False):
        for row in family.rows:
            sheet.append(
                [
                    str(family.label),
                    str(row.figure.label),
                    row.value,
                    str(row.figure.unit),
                    row.target,
                ]
            )
    members = _sheet(book, _("Members"))
    _bold_row(members, [_("Member"), _("Acts"), _("Points")])
    for name, acts, points in summary.members:
        members.append([name, acts, points or 0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def district_workbook(district, offices, year: int) -> bytes:
    """One sheet per figure family, one row per office, the district's totals last."""
    figures, rows, totals = stats.district_table(offices, year)
    by_family: dict[str, list] = {}
    for figure in figures:
        by_family.setdefault(figure.family, []).append(figure)
    book = Workbook()
    book.remove(book.active)
    used = set()
    for family, members in by_family.items():
        title = str(stats.family_label(family))[:31]
        if title in used:  # two families with one label: keep the sheets apart
            title = f"{title[:27]}-{len(used)}"
        used.add(title)
        sheet = book.create_sheet(title=title)
        _bold_row(sheet, [_("Office"), *[f"{f.label} ({f.unit})" for f in members]])
        for office, counted in rows:
            sheet.append([office.name, *[counted[f.code] for f in members]])
        _bold_row(
            sheet,
            [_("%(district)s total") % {"district": district.name}]
            + [totals[f.code] for f in members],
        )
    if not by_family:
        book.create_sheet(title=_("Statistics"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
