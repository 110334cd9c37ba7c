"""The opinions' figures for dashboards, work reports and the annual summary (one aggregate
query each, whatever the number of offices)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.figures import (
    Figure,
    grouped,
    grouped_breakdown,
    register_figure,
    register_source,
)
from liaison.opinions.models import (
    SOLVED_STATUSES,
    Assignment,
    Category,
    ExtensionRequest,
    Feedback,
    Opinion,
    Status,
)
from liaison.orgs.models import Organization

received = grouped(
    lambda office_ids, start, end: (
        Opinion.objects.filter(office_id__in=list(office_ids))
        .received_between(start, end)
        .values_list("office")
        .annotate(n=Count("pk"))
    )
)


def _closed(statuses):
    def rows(office_ids, start, end):
        return (
            Opinion.objects.filter(
                office_id__in=list(office_ids),
                status__in=statuses,
                closed_at__date__gte=start,
                closed_at__date__lte=end,
            )
            .values_list("office")
            .annotate(n=Count("pk"))
        )

    return grouped(rows)


def _closed_on_time(office_ids, start, end):
    return (
        Assignment.objects.filter(
            office_id__in=list(office_ids),
            opinion__status=Status.CLOSED,
            status="closed",
            on_time=True,
            closed_at__date__gte=start,
            closed_at__date__lte=end,
        )
        .values_list("office")
        .annotate(n=Count("opinion", distinct=True))
    )


closed_on_time = grouped(_closed_on_time)


def _satisfaction(office_ids, start, end):
    """Share of feedback given in the period that is satisfied or basically satisfied, in %."""
    return (
        Feedback.objects.filter(
            assignment__office_id__in=list(office_ids),
            created_at__date__gte=start,
            created_at__date__lte=end,
        )
        .values_list("assignment__office")
        .annotate(
            good=Count(
                "pk",
                filter=Q(
                    satisfaction__in=[
                        Feedback.Satisfaction.SATISFIED,
                        Feedback.Satisfaction.BASICALLY,
                    ]
                ),
            ),
            total=Count("pk"),
        )
    )


satisfaction_rate = grouped(
    _satisfaction, lambda good, total: round(100 * good / total) if total else None, columns=2
)
received_by_category = grouped_breakdown(
    lambda office_ids, start, end: (
        Opinion.objects.filter(office_id__in=list(office_ids))
        .received_between(start, end)
        .values_list("office", "category__name")
        .annotate(n=Count("pk"))
    ),
    label=lambda name: name or str(_("Uncategorized")),
)


def _link(**extra):
    def link(office, start, end):
        query = f"?office={office.pk}&start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"
        for key, value in extra.items():
            query += f"&{key}={value}"
        return reverse("opinion_list") + query

    return link


FIGURES = [
    Figure(
        "opinions.received",
        _("Opinions received"),
        "opinions",
        received,
        link=_link(),
        unit=_("items"),
        order=40,
        breakdown=received_by_category,
    ),
    Figure(
        "opinions.closed",
        _("Opinions closed, solved"),
        "opinions",
        _closed(list(SOLVED_STATUSES)),
        link=_link(status="solved"),
        unit=_("items"),
        order=41,
    ),
    Figure(
        "opinions.closed_on_time",
        _("Assigned opinions closed on time"),
        "opinions",
        closed_on_time,
        link=_link(status=Status.CLOSED),
        unit=_("items"),
        order=42,
    ),
    Figure(
        "opinions.closed_unsolved",
        _("Opinions closed but not solved"),
        "opinions",
        _closed([Status.CLOSED_UNSOLVED]),
        link=_link(status=Status.CLOSED_UNSOLVED),
        unit=_("items"),
        order=43,
    ),
    Figure(
        "opinions.satisfaction",
        _("Members satisfied with the replies"),
        "opinions",
        satisfaction_rate,
        link=_link(),
        unit="%",
        order=44,
    ),
]


def register():
    register_source(Opinion, lambda o: o.office_id)
    register_source(Assignment, lambda a: a.opinion.office_id)
    register_source(Feedback, lambda f: f.assignment.opinion.office_id)
    register_source(Category)  # names: every office's breakdown
    for figure in FIGURES:
        register_figure(figure)
    from liaison.core.figures import register_part
    from liaison.opinions import home

    register_part(home.TRIAGE, home.awaiting_triage)
    register_part(home.LISTS, home.assignment_lists)  # the office home's two lists
    register_source(ExtensionRequest, lambda e: e.assignment.office_id)
    # A department's name shows in the stored lists: a change of any organization moves
    # every office's counter (rare: the administrator's edits).
    register_source(Organization)
