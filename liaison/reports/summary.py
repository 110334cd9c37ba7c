"""The annual summary (年度工作总结) in the seed's own structure, written from the data.

Each section opens with the year's facts and figures from the figures registry and the
members whose acts in the ledger belong to it, followed by the paragraphs the office saved.
A figure goes to its section by family, else by the app in its code, else to 三个重点.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core.figures import all_figures, reading, target_parts
from liaison.duty.kinds import all_kinds
from liaison.reports import stored
from liaison.reports.models import AnnualSummary

SECTIONS = [
    ("initiative", gettext_lazy("I. Three initiatives")),
    ("services", gettext_lazy("II. Three services")),
    ("priorities", gettext_lazy("III. Three priorities")),
    ("awareness", gettext_lazy("IV. Three kinds of awareness")),
    ("conclusion", gettext_lazy("In sum")),
]
DEFAULT_SECTION = "priorities"

# Family (or the app in a code "<app>.<what>") → section of the seed.
SECTION_OF = {
    "plans": "initiative",  # 主动争取重视, 主动请示汇报
    "instructions": "initiative",
    "reports": "initiative",
    "economy": "services",  # 经济服务
    "research": "services",  # 决策服务 (and 主动调研)
    "campaigns": "services",  # 民生服务
    "donations": "services",
    "activities": "priorities",  # 政情通报会
    "proposals": "priorities",  # 提案, 社情民意
    "sentiment": "priorities",
    "opinions": "priorities",  # 走访委员, opinions forwarded and handled
    "visits": "priorities",
    "care": "priorities",
    "members": "priorities",
    "study": "awareness",  # 学习, 视察, 发言
}
# Ledger kinds whose section differs from their app's.
KIND_SECTION = {"activities.speech": "awareness"}


def section_of(code: str, family: str = "") -> str:
    if family in SECTION_OF:
        return SECTION_OF[family]
    return SECTION_OF.get(code.split(".", 1)[0], DEFAULT_SECTION)


@dataclass
class Section:
    key: str
    heading: str
    facts: list = field(default_factory=list)
    contributions: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)


@dataclass
class Summary:
    office: object
    year: int
    title: str
    sections: list
    empty: bool
    members: list  # [(name, acts, points)] best first


def _fact(figure, value, target, breakdown) -> str:
    unit = str(figure.unit)
    text = f"{figure.label} {value}{unit}"
    if target is not None:
        text += _("(target for the year: %(target)s%(unit)s)") % {"target": target, "unit": unit}
    categories = {k: v for k, v in (breakdown or {}).items() if isinstance(k, str) and v}
    if categories:
        parts = "、".join(f"{k} {v}{unit}" for k, v in categories.items())
        text += _(", of which %(parts)s") % {"parts": parts}
    return text


UNSAVED = object()


def build(office, year: int, saved=UNSAVED) -> Summary:
    """The summary of the office's year; `saved`, its AnnualSummary (or None) when the caller
    has already read it."""
    sections = {key: Section(key, str(heading)) for key, heading in SECTIONS}
    anything = False
    figures = all_figures()
    counted, split, rows, parts = stored.figures_and_ledger(office, year, target_parts())
    with reading(year, parts):  # the targets from the parts read with the figures
        for figure in figures:
            value = counted[figure.code].get(office.pk, 0)
            if not value:
                continue
            anything = True
            target = figure.target(office, year) if figure.target else None
            breakdown = split.get(figure.code, {}).get(office.pk, {})
            sections[section_of(figure.code, figure.family)].facts.append(
                _fact(figure, value, target, breakdown)
            )

    # Named members' contributions, kind by kind: the year's ledger grouped by kind and name
    # (kept with the figures: liaison.reports.stored).
    labels = {k.code: str(k.label) for k in all_kinds()}
    acts = defaultdict(lambda: defaultdict(list))  # section → kind → ["康希", "梁倩（4次）"]
    totals = defaultdict(int)
    # Each member's acts and points, added up from the same rows (one GROUP BY, not two).
    per_member = defaultdict(lambda: [0, 0])
    times = _("%(name)s (%(n)s times)")  # translated once, not once a row
    section_of_kind = {}
    for kind, name, n, points in rows:
        per_member[name][0] += n
        per_member[name][1] += points or 0
        key = section_of_kind.get(kind)
        if key is None:
            key = section_of_kind[kind] = KIND_SECTION.get(kind) or section_of(kind)
        acts[key][kind].append(name if n == 1 else times % {"name": name, "n": n})
        totals[kind] += n
    for key, by_kind in acts.items():
        sections[key].contributions = [
            _("%(kind)s: %(names)s (%(n)s person-times)")
            % {"kind": labels.get(kind, kind), "names": "、".join(names), "n": totals[kind]}
            for kind, names in by_kind.items()
        ]
    members = sorted(
        ((name, acts, points) for name, (acts, points) in per_member.items()),
        key=lambda row: (-row[2], -row[1], row[0]),
    )
    if members:
        anything = True
        best = "、".join(
            _("%(name)s (%(acts)s acts, %(points)s points)")
            % {"name": n, "acts": a, "points": p or 0}
            for n, a, p in members[:10]
        )
        sections["conclusion"].facts.append(
            _("%(count)s members recorded duty acts this year: %(best)s.")
            % {"count": len(members), "best": best}
        )

    if saved is UNSAVED:
        saved = AnnualSummary.objects.filter(office=office, year=year).first()
    if saved is not None:
        for key, _heading in SECTIONS:
            text = getattr(saved, key) or ""
            sections[key].paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    title = (saved.title if saved and saved.title else "") or _(
        "%(office)s: work summary for %(year)s"
    ) % {"office": office.name, "year": year}
    return Summary(office, year, title, list(sections.values()), not anything, members)
