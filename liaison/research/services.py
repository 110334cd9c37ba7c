"""Every rule-bearing write on research projects, campaigns and donations."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import Refusal
from liaison.duty import services as duty
from liaison.orgs.access import Perm, can
from liaison.orgs.audit import log_action, save_with_audit
from liaison.research.models import (
    Campaign,
    CampaignMaterial,
    Donation,
    FieldTrip,
    PremisesInspection,
    Recommendation,
    ReportVersion,
    ResearchMaterial,
    ResearchProject,
    TeamMember,
)

RESEARCH = "research.participation"
REPORT_AUTHOR = "research.report_author"
ADOPTED = "research.recommendation_adopted"
CAMPAIGN = "research.campaign"
INSPECTION = "research.inspection"
DONATION = "research.donation"

# A report version goes from draft to final once; a final version is not changed again.
VERSION_TRANSITIONS = {
    ReportVersion.Stage.DRAFT: {ReportVersion.Stage.FINAL},
    ReportVersion.Stage.FINAL: set(),
}


def _require_office(actor, office) -> None:
    if not can(actor, Perm.OFFICE_MANAGE, office):
        raise Refusal("not_the_office", _("Only the liaison office can change its own text."))


def _same_office(office, members):
    outsiders = [m.name for m in members if m is not None and m.office_id != office.pk]
    if outsiders:
        raise Refusal(
            "other_office",
            _("Not members of this office: %(names)s") % {"names": "、".join(outsiders)},
        )


def _sync(source, kind, members, when):
    """The ledger rows `source` gives for `kind`: exactly the given members."""
    members = {m.pk: m for m in members if m is not None}
    from django.contrib.contenttypes.models import ContentType

    from liaison.duty.models import DutyRecord

    existing = set(
        DutyRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(source),
            object_id=source.pk,
            kind=kind,
        ).values_list("member_id", flat=True)
    )
    for pk in existing - set(members):
        DutyRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(source),
            object_id=source.pk,
            kind=kind,
            member_id=pk,
        ).delete()
    for member in members.values():
        duty.record(member, kind, source, when)


# --- Research projects ----------------------------------------------------------------------


@transaction.atomic
def save_project(actor, project: ResearchProject, group=(), **fields) -> ResearchProject:
    _require_office(actor, project.office)
    group = list(group)
    _same_office(project.office, [fields.get("lead", getattr(project, "lead", None)), *group])
    project = save_with_audit(project, actor, **fields)
    project.group.set(group)
    _sync(project, RESEARCH, [project.lead, *group], project.started_on)
    return project


@transaction.atomic
def add_trip(actor, project: ResearchProject, participants=(), **fields) -> FieldTrip:
    _require_office(actor, project.office)
    participants = list(participants)
    _same_office(project.office, participants)
    if fields["ends_on"] < fields["starts_on"]:
        raise Refusal("ends_before_start", _("The trip cannot end before it starts."))
    trip = save_with_audit(FieldTrip(project=project), actor, **fields)
    trip.participants.set(participants)
    _sync(trip, RESEARCH, participants, trip.starts_on)
    if project.status == ResearchProject.Status.PLANNED:
        save_with_audit(project, actor, status=ResearchProject.Status.ONGOING)
    return trip


@transaction.atomic
def add_material(actor, project: ResearchProject, **fields) -> ResearchMaterial:
    _require_office(actor, project.office)
    return save_with_audit(ResearchMaterial(project=project), actor, **fields)


@transaction.atomic
def add_version(actor, project: ResearchProject, authors=(), **fields) -> ReportVersion:
    project = ResearchProject.objects.select_for_update().get(pk=project.pk)
    _require_office(actor, project.office)
    if project.versions.filter(stage=ReportVersion.Stage.FINAL).exists():
        raise Refusal("report_final", _("The report is final: no new version can be added."))
    authors = list(authors)
    _same_office(project.office, authors)
    number = (project.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = save_with_audit(
        ReportVersion(project=project, number=number, stage=ReportVersion.Stage.DRAFT),
        actor,
        **fields,
    )
    version.authors.set(authors)
    _sync(version, REPORT_AUTHOR, authors, version.written_on)
    return version


@transaction.atomic
def finalize_version(actor, version: ReportVersion) -> ReportVersion:
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    _require_office(actor, version.project.office)
    if ReportVersion.Stage.FINAL not in VERSION_TRANSITIONS[version.stage]:
        raise Refusal("report_final", _("The report is final: no new version can be added."))
    if version.project.versions.filter(number__gt=version.number).exists():
        raise Refusal("report_not_latest", _("Only the latest version can become final."))
    version.stage = ReportVersion.Stage.FINAL
    version.save(update_fields=["stage"])
    log_action(version.project, "status", actor, {"changes": {"report": ["draft", "final"]}})
    project = version.project
    project.status = ResearchProject.Status.REPORTED
    project.save(update_fields=["status"])
    return version


def _check_recommendation(rec: Recommendation):
    if not rec.body_id and not rec.body_name.strip():
        raise Refusal("recommendation_body", _("Name the body the recommendation went to."))


@transaction.atomic
def save_recommendation(actor, rec: Recommendation, **fields) -> Recommendation:
    _require_office(actor, rec.project.office)
    return save_with_audit(rec, actor, check=_check_recommendation, **fields)


@transaction.atomic
def record_adoption(actor, rec: Recommendation, *, adoption, evidence="", answered_on=None):
    rec = Recommendation.objects.select_for_update().select_related("project__lead").get(pk=rec.pk)
    _require_office(actor, rec.project.office)
    A = Recommendation.Adoption
    if adoption != A.PENDING:
        if answered_on is None or answered_on > timezone.localdate():
            raise Refusal("answer_date", _("Give the date of the answer, not later than today."))
        if adoption in (A.ADOPTED, A.PARTLY) and not (evidence or "").strip():
            raise Refusal("adoption_evidence", _("Give the evidence of adoption."))
    rec = save_with_audit(
        rec, actor, adoption=adoption, evidence=(evidence or "").strip(), answered_on=answered_on
    )
    if adoption in (A.ADOPTED, A.PARTLY):
        duty.record(rec.project.lead, ADOPTED, rec, answered_on)
    else:
        duty.retract(rec, ADOPTED)
    return rec


# --- Campaigns ------------------------------------------------------------------------------


def _check_campaign(campaign: Campaign):
    if campaign.ends_on and campaign.ends_on < campaign.starts_on:
        raise Refusal("ends_before_start", _("The campaign cannot end before it starts."))


@transaction.atomic
def save_campaign(actor, campaign: Campaign, partners=(), **fields) -> Campaign:
    _require_office(actor, campaign.office)
    campaign = save_with_audit(campaign, actor, check=_check_campaign, **fields)
    campaign.partners.set(list(partners))
    return campaign


@transaction.atomic
def add_campaign_material(actor, campaign: Campaign, *, kind, count) -> CampaignMaterial:
    _require_office(actor, campaign.office)
    return save_with_audit(CampaignMaterial(campaign=campaign), actor, kind=kind, count=count)


@transaction.atomic
def add_team_member(actor, campaign: Campaign, **fields) -> TeamMember:
    _require_office(actor, campaign.office)
    member = fields.get("member")
    _same_office(campaign.office, [member])
    if member is not None and not fields.get("name"):
        fields["name"] = member.name
    if not (fields.get("name") or "").strip():
        raise Refusal("team_name", _("Give the team member's name."))
    row = save_with_audit(TeamMember(campaign=campaign), actor, **fields)
    if row.member_id:
        duty.record(row.member, CAMPAIGN, row, campaign.starts_on)
    return row


def _check_inspection(inspection: PremisesInspection):
    if inspection.rectification_required and inspection.rectification_deadline is None:
        raise Refusal("rectification_deadline", _("Give the deadline for the rectification."))
    if (
        inspection.rectification_deadline
        and inspection.date
        and inspection.rectification_deadline < inspection.date
    ):
        raise Refusal(
            "deadline_before_inspection",
            _("The rectification deadline cannot be before the inspection."),
        )
    if inspection.date and inspection.date > timezone.localdate():
        raise Refusal("inspection_future", _("An inspection cannot be recorded for a future date."))


def may_inspect(user, campaign) -> bool:
    """The office, or an account named on the campaign's team."""
    return (
        can(user, Perm.OFFICE_MANAGE, campaign.office) or campaign.team.filter(user=user).exists()
    )


@transaction.atomic
def record_inspection(actor, campaign: Campaign, inspectors=(), **fields) -> PremisesInspection:
    if not may_inspect(actor, campaign):
        raise Refusal(
            "not_on_team", _("Only the office and the campaign's team record inspections.")
        )
    inspectors = list(inspectors)
    if any(i.campaign_id != campaign.pk for i in inspectors):
        raise Refusal("inspector_other_team", _("Inspectors must be on this campaign's team."))
    inspection = save_with_audit(
        PremisesInspection(campaign=campaign), actor, check=_check_inspection, **fields
    )
    inspection.inspectors.set(inspectors)
    _sync(inspection, INSPECTION, [i.member for i in inspectors if i.member_id], inspection.date)
    return inspection


@transaction.atomic
def record_reinspection(actor, inspection: PremisesInspection, *, on, result):
    inspection = PremisesInspection.objects.select_for_update().get(pk=inspection.pk)
    if not may_inspect(actor, inspection.campaign):
        raise Refusal(
            "not_on_team", _("Only the office and the campaign's team record inspections.")
        )
    if not inspection.rectification_required:
        raise Refusal("no_rectification", _("No rectification was required here."))
    if on is None or on < inspection.date or on > timezone.localdate():
        raise Refusal(
            "reinspection_date",
            _("The re-inspection falls between the inspection and today."),
        )
    if result == PremisesInspection.Result.PENDING:
        raise Refusal("reinspection_result", _("Give the result of the re-inspection."))
    return save_with_audit(inspection, actor, reinspected_on=on, reinspection_result=result)


# --- Donations ------------------------------------------------------------------------------


def _check_donation(donation: Donation):
    if donation.value is None or Decimal(donation.value) < 0:
        raise Refusal("donation_negative", _("The value of a donation cannot be negative."))
    if not donation.member_id and not donation.enterprise_id:
        raise Refusal("donation_donor", _("Name the donor: a member or an enterprise."))
    donor = donation.donor_member
    if donor is not None and donor.office_id != donation.office_id:
        raise Refusal(
            "other_office", _("Not members of this office: %(names)s") % {"names": donor.name}
        )
    if donation.date and donation.date > timezone.localdate():
        raise Refusal("donation_future", _("A donation cannot be recorded for a future date."))


@transaction.atomic
def save_donation(actor, donation: Donation, **fields) -> Donation:
    _require_office(actor, donation.office)
    donation = save_with_audit(donation, actor, check=_check_donation, **fields)
    _sync(donation, DONATION, [donation.donor_member], donation.date)
    return donation


# --- Duty ledger ----------------------------------------------------------------------------


def rebuild_duty_entries():
    from liaison.duty.kinds import Entry

    for project in ResearchProject.objects.select_related("lead").prefetch_related("group"):
        for member in {project.lead, *project.group.all()}:
            yield Entry(member, RESEARCH, project, project.started_on)
    for trip in FieldTrip.objects.prefetch_related("participants"):
        for member in trip.participants.all():
            yield Entry(member, RESEARCH, trip, trip.starts_on)
    for version in ReportVersion.objects.prefetch_related("authors"):
        for member in version.authors.all():
            yield Entry(member, REPORT_AUTHOR, version, version.written_on)
    adopted = Recommendation.objects.filter(
        adoption__in=[Recommendation.Adoption.ADOPTED, Recommendation.Adoption.PARTLY]
    )
    for rec in adopted.select_related("project__lead"):
        yield Entry(rec.project.lead, ADOPTED, rec, rec.answered_on)
    for row in TeamMember.objects.filter(member__isnull=False).select_related("member", "campaign"):
        yield Entry(row.member, CAMPAIGN, row, row.campaign.starts_on)
    for inspection in PremisesInspection.objects.prefetch_related("inspectors__member"):
        for inspector in inspection.inspectors.all():
            if inspector.member_id:
                yield Entry(inspector.member, INSPECTION, inspection, inspection.date)
    for donation in Donation.objects.select_related("member", "enterprise__member"):
        if donation.donor_member is not None:
            yield Entry(donation.donor_member, DONATION, donation, donation.date)
