"""Figures for one office or many, read only through liaison.core.figures (one query each)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from liaison.core.figures import Figure, all_figures, count_all, reading, year_bounds
from liaison.orgs.models import Organization
from liaison.reports import stored

# Families named on dashboards and sheets; a family no one names here shows its code.
FAMILY_LABELS = {
    "plans": _("Work plan and reports"),
    "research": _("Research"),
    "economy": _("Economic service"),
    "campaigns": _("Campaigns"),
    "donations": _("Donations"),
    "activities": _("Activities"),
    "proposals": _("Proposals"),
    "sentiment": _("Social sentiment"),
    "opinions": _("Opinions"),
    "visits": _("Visits to members"),
    "care": _("Care"),
    "study": _("Study and inspections"),
}


def family_label(family: str):
    return FAMILY_LABELS.get(family, family)


@dataclass
class Row:
    figure: Figure
    value: int
    target: int | None = None
    link: str = ""

    @property
    def percent(self) -> int | None:
        if not self.target:
            return None
        return min(100, round(100 * self.value / self.target))

    @property
    def met(self) -> bool:
        return self.target is not None and self.value >= self.target


@dataclass
class Family:
    code: str
    label: object
    rows: list = field(default_factory=list)


def offices_under(district) -> list[Organization]:
    return list(
        Organization.objects.filter(
            kind=Organization.Kind.LIAISON_OFFICE,
            path__startswith=district.path,
            is_active=True,
        ).order_by("path")
    )


def values(office_ids, start, end) -> dict[str, dict[int, int]]:
    """code → {office id: value} of every registered figure, whatever the offices: one query
    for all the grouped figures (liaison.core.figures.count_all), one for each other."""
    return count_all(all_figures(), office_ids, start, end)


def office_families(
    office, year: int, with_links: bool = True, found=None, parts=None
) -> list[Family]:
    """This year's figures of one office, grouped by family, with targets and links; `found`,
    what stored.figures gave for the office and year when the caller has read it, `parts`
    the target parts read with them (liaison.core.figures.target_parts)."""
    start, end = year_bounds(year)
    counted, _split = found or stored.figures([office.pk], year)
    families: dict[str, Family] = {}
    with reading(year, parts):  # targets and links read their few rows once for all figures
        for figure in all_figures():
            target = figure.target(office, year) if figure.target else None
            link = figure.link(office, start, end) if figure.link and with_links else ""
            row = Row(figure, counted[figure.code].get(office.pk, 0), target, link)
            families.setdefault(
                figure.family, Family(figure.family, family_label(figure.family))
            ).rows.append(row)
    return list(families.values())


def charts(office, year: int, found=None) -> dict:
    """Monthly series (breakdowns keyed by month) and by-category ones (keyed by label)."""
    monthly, categories = [], []
    figures = [f for f in all_figures() if f.breakdown is not None]
    _counted, split = found or stored.figures([office.pk], year)
    for figure in figures:
        found = split[figure.code].get(office.pk, {})
        if found and all(isinstance(k, int) for k in found):
            monthly.append(
                {"name": str(figure.label), "data": [found.get(m, 0) for m in range(1, 13)]}
            )
        elif found:
            categories.append(
                {
                    "name": str(figure.label),
                    "data": [{"name": str(k), "value": v} for k, v in found.items()],
                }
            )
        else:
            monthly.append({"name": str(figure.label), "data": [0] * 12})
    return {
        "months": [f"{m}月" for m in range(1, 13)],
        "monthly": monthly,
        "categories": categories,
    }


def district_table(offices, year: int, sort: str = "", descending: bool = True):
    """Every office side by side: rows of (office, {code: value}), plus district totals."""
    figures = all_figures()
    counted, _split = stored.figures([o.pk for o in offices], year)
    rows = [(o, {f.code: counted[f.code].get(o.pk, 0) for f in figures}) for o in offices]
    if sort in counted:
        rows.sort(key=lambda r: r[1][sort], reverse=descending)
    totals = defaultdict(int)
    for figure in figures:
        column = [r[1][figure.code] for r in rows]
        if figure.unit == "%":  # a share is averaged, not summed
            totals[figure.code] = round(sum(column) / len(column)) if column else 0
        else:
            totals[figure.code] = sum(column)
    return figures, rows, dict(totals)
