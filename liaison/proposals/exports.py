"""The proposal list's filters (shared by the page, the xlsx export and the compilation)."""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from liaison.core.exports import ListExporter
from liaison.members.models import Member
from liaison.orgs.access import any_of
from liaison.proposals.access import visible_proposals
from liaison.proposals.models import ACCEPTED, CoSigner, Proposal, Reply, State

MEMBER_NAME_LENGTH = 50


def filter_proposals(user, params):
    proposals = visible_proposals(user)
    filters = {}
    for name in ("year", "category", "member", "office"):
        value = params.get(name, "")
        if value.isdigit():
            filters[name] = value
    if "year" in filters:
        proposals = proposals.filter(year=int(filters["year"]))
    if "category" in filters:
        proposals = proposals.filter(category_id=int(filters["category"]))
    if "office" in filters:
        proposals = proposals.filter(office_id=int(filters["office"]))
    if "member" in filters:
        member = int(filters["member"])
        cosigned = CoSigner.objects.filter(member_id=member).values("proposal_id")
        proposals = proposals.filter(
            any_of(Proposal.objects.filter(lead_id=member).values("pk"), cosigned)
        )
    name = params.get("member_name", "").strip()[:MEMBER_NAME_LENGTH]
    if name:
        # Typed (a name, its pinyin or initials) rather than picked from a list of an office's
        # thousand members: led or co-signed by a member the user may see who matches.
        filters["member_name"] = name
        found = Member.objects.visible_to(user).search(name).values("pk")
        cosigned = CoSigner.objects.filter(member__in=found).values("proposal_id")
        proposals = proposals.filter(
            any_of(Proposal.objects.filter(lead__in=found).values("pk"), cosigned)
        )
    state = params.get("state", "")
    if state in State.values:
        filters["state"] = state
        proposals = proposals.filter(state=state)
    grade = params.get("grade", "")
    if grade in ("A", "B", "C", "D"):
        filters["grade"] = grade
        # The grade of the latest reply (a 再办理 replaces the first answer).
        latest = Reply.objects.filter(proposal=OuterRef("pk")).order_by("-round", "-pk")
        proposals = proposals.annotate(latest_grade=Subquery(latest.values("grade")[:1])).filter(
            latest_grade=grade
        )
    if params.get("forwarded") == "1":
        filters["forwarded"] = "1"
        proposals = proposals.filter(forwarded_at__isnull=False)
    if params.get("registered") == "1":
        filters["registered"] = "1"
        proposals = proposals.filter(state__in=ACCEPTED)
    return proposals, filters


class ProposalExporter(ListExporter):
    name = "proposals"
    title = _("Proposals")

    def __init__(self, user, params):
        self.user = user
        self.query = {k: params.get(k, "") for k in params}
        self.proposals, self._filters = filter_proposals(user, self.query)

    def filters(self):
        return self._filters

    def count(self):
        return self.proposals.count()

    def params(self):
        return self._filters

    @classmethod
    def from_params(cls, user, params):
        return cls(user, params)

    def headers(self):
        return [
            _("year"),
            _("proposal number"),
            _("title"),
            _("subject (案由)"),
            _("category"),
            _("lead member"),
            _("Co-signers"),
            _("liaison office"),
            _("state"),
            _("main host unit (主办)"),
            _("grade"),
            _("key proposal (重点提案)"),
            _("excellent proposal (优秀提案)"),
        ]

    def rows(self):
        proposals = self.proposals.select_related("category", "lead", "office").prefetch_related(
            "cosigners__member", "replies"
        )
        for p in proposals.order_by("year", "pk").iterator(chunk_size=500):
            confirmed = [c.member.name for c in p.cosigners.all() if c.status == "confirmed"]
            replies = sorted(p.replies.all(), key=lambda r: (r.round, r.pk))
            yield [
                p.year,
                p.number,
                p.title,
                p.summary,
                p.category.name,
                p.lead.name,
                "、".join(confirmed),
                p.office.name,
                p.get_state_display(),
                p.host_main,
                replies[-1].grade if replies else "",
                "✓" if p.is_key else "",
                "✓" if p.is_excellent else "",
            ]
