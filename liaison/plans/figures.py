"""Figures of the plans app for dashboards, reports and the annual summary."""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.figures import Figure, grouped, register_figure, register_source

UNIT_ITEMS = _("items")


def register():
    from django.db.models import Q

    from liaison.plans.models import InstructionRequest, PlanItem, RequestStatus, WorkPlan

    register_source(WorkPlan, lambda p: p.office_id)
    register_source(PlanItem, lambda i: i.plan.office_id)
    register_source(InstructionRequest, lambda r: r.office_id)
    # The ledger's rows (items done by duty kind) say so in liaison.duty.services.

    def items_done(office_ids, start, end):
        from liaison.activities.models import Activity, Status
        from liaison.duty.models import DutyRecord

        by_type = (
            Activity.objects.filter(
                office=OuterRef("plan__office"),
                type=OuterRef("activity_type"),
                starts_at__year=OuterRef("plan__year"),
                status__in=[Status.CLOSED, Status.ARCHIVED],
            )
            .order_by()
            .values("type")
            .annotate(n=Count("pk"))
            .values("n")
        )
        by_kind = (
            DutyRecord.objects.filter(
                office=OuterRef("plan__office"),
                kind=OuterRef("duty_kind"),
                year=OuterRef("plan__year"),
            )
            .order_by()
            .values("kind")
            .annotate(n=Sum("quantity"))
            .values("n")
        )
        done = (
            PlanItem.objects.filter(
                plan__office_id__in=list(office_ids),
                plan__year__gte=start.year,
                plan__year__lte=end.year,
                target_count__isnull=False,
            )
            .annotate(
                by_type=Coalesce(Subquery(by_type, output_field=IntegerField()), Value(0)),
                by_kind=Coalesce(Subquery(by_kind, output_field=IntegerField()), Value(0)),
            )
            .filter(
                Q(activity_type__isnull=False, by_type__gte=F("target_count"))
                | (Q(activity_type__isnull=True, by_kind__gte=F("target_count")) & ~Q(duty_kind=""))
                | Q(activity_type__isnull=True, duty_kind="", manual_done__gte=F("target_count"))
            )
        )
        return done.order_by().values_list("plan__office").annotate(n=Count("pk"))

    def requests_approved(office_ids, start, end):
        return (
            InstructionRequest.objects.filter(
                office_id__in=list(office_ids),
                status=RequestStatus.APPROVED,
                decided_at__date__gte=start,
                decided_at__date__lte=end,
            )
            .order_by()
            .values_list("office")
            .annotate(n=Count("pk"))
        )

    register_figure(
        Figure(
            "plans.items_done",
            _("Plan items completed"),
            "plans",
            grouped(items_done),
            link=lambda office, start, end: reverse("plan_list") + f"?year={start.year}",
            unit=UNIT_ITEMS,
            order=80,
        )
    )
    register_figure(
        Figure(
            "plans.requests_approved",
            _("Requests for instruction approved"),
            "plans",
            grouped(requests_approved),
            link=lambda office, start, end: reverse("request_list"),
            unit=_("times"),
            order=81,
        )
    )
