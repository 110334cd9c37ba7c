"""The year's proposals as one Word document in official layout (公文格式): A4, titles in
三号 (16 pt) and body in 小四 (12 pt) Noto Serif CJK, fixed 28-point line spacing."""

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from liaison.orgs.audit import log_action

FONT = "Noto Serif CJK SC"
TITLE_PT, BODY_PT, LINE_PT = 16, 12, 28
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _font(run, size, bold=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _paragraph(doc, text, size=BODY_PT, bold=False, center=False, indent=True):
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        fmt.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), size, bold)
    return paragraph


def build(proposals, year: int) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    _paragraph(doc, _("%(year)d proposals compilation") % {"year": year}, TITLE_PT, True, True)
    for p in proposals:  # each proposal on a page of its own
        doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        _paragraph(doc, p.title, TITLE_PT, True, center=True)
        cosigners = "、".join(c.member.name for c in p.cosigners.all() if c.status == "confirmed")
        meta = f"{_('lead member')}：{p.lead.name}"
        if cosigners:
            meta += f"　{_('Co-signers')}：{cosigners}"
        _paragraph(doc, meta, BODY_PT, center=True)
        _paragraph(doc, f"{_('category')}：{p.category.name}　{_('subject (案由)')}：{p.summary}")
        for label, text in (
            (_("situation"), p.situation),
            (_("analysis"), p.analysis),
            (_("suggestions"), p.suggestions),
        ):
            if not text:
                continue
            _paragraph(doc, label, BODY_PT, bold=True, indent=False)
            for line in text.splitlines():
                if line.strip():
                    _paragraph(doc, line.strip())
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def compilation_response(request, proposals, year: int) -> HttpResponse:
    proposals = list(
        proposals.select_related("lead", "category")
        .prefetch_related("cosigners__member")
        .order_by("category__sort_order", "pk")
    )
    data = build(proposals, year)
    log_action(
        None,
        "export",
        request.user,
        {"export": "proposal_compilation", "year": year, "rows": len(proposals)},
    )
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="proposals-{year}.docx"'
    return response
