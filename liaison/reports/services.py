"""Writes of the reports app: the annual summary's narrative paragraphs."""

from django.db import transaction
from django.utils import timezone

from liaison.orgs.audit import save_with_audit
from liaison.reports.models import AnnualSummary


@transaction.atomic
def save_summary(actor, office, year: int, **fields) -> AnnualSummary:
    summary = AnnualSummary.objects.filter(office=office, year=year).first()
    if summary is None:
        summary = AnnualSummary(office=office, year=year)
    return save_with_audit(summary, actor, updated_at=timezone.now(), updated_by=actor, **fields)
