"""Proposals: list and export, drafting with the similar-proposal check, detail, the
review and decision buttons, attachments, targets and the year's compilation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.errors import Refusal
from liaison.core.exports import export_or_queue
from liaison.core.lists import paginate
from liaison.core.uploads import serve_file
from liaison.members.access import managed_office
from liaison.members.models import Member
from liaison.orgs.access import Perm, can, organizations_for, perm_required
from liaison.proposals import forms, services, similarity
from liaison.proposals.access import (
    get_proposal,
    is_lead,
    may_decide,
    may_edit,
    may_manage,
    my_member,
    require,
    visible_proposals,
)
from liaison.proposals.exports import ProposalExporter, filter_proposals
from liaison.proposals.models import (
    EDITABLE,
    Category,
    CoSigner,
    Grade,
    Proposal,
    ProposalAttachment,
    State,
    YearlyTarget,
)

ANY = (Perm.OFFICE_VIEW, Perm.MEMBER_SELF)
# The columns the rows show (a proposal's texts are kilobytes each); the category's name comes
# from the filter's list, not a join to each row.
LIST_COLUMNS = (
    *("year", "created_at", "title", "is_key", "is_excellent", "state", "lead", "category"),
    "lead__name",
)


def _chosen_member(user, filters):
    """The member the list is filtered on (a link from their profile), if the user sees them."""
    if "member" not in filters:
        return None
    return Member.objects.visible_to(user).filter(pk=filters["member"]).only("name").first()


@perm_required(*ANY)
def proposal_list(request):
    proposals, filters = filter_proposals(request.user, request.GET)
    if request.GET.get("format") in ("xlsx", "csv"):
        return export_or_queue(
            request, ProposalExporter(request.user, request.GET), request.GET["format"]
        )
    me = my_member(request.user)
    categories = list(Category.objects.all())
    return render(
        request,
        "proposals/list.html",
        {
            "page": paginate(
                request,
                proposals.order_by("-year", "-created_at", "-pk"),
                select_related=("lead",),
                only=LIST_COLUMNS,
            ),
            "filters": filters,
            "categories": categories,
            "category_names": {c.pk: c.name for c in categories},
            "states": State.choices,
            "grades": Grade.choices,
            "member_filter": can(request.user, Perm.OFFICE_VIEW),
            "chosen_member": _chosen_member(request.user, filters),
            "can_draft": me is not None or can(request.user, Perm.OFFICE_MANAGE),
            "can_manage": can(request.user, Perm.OFFICE_MANAGE),
            "me": me,
            "query": request.GET.urlencode(),
        },
    )


def _form_context(request, form, proposal):
    return {
        "form": form,
        "proposal": proposal,
        "similar": similarity.similar_to(proposal) if proposal.pk else [],
        "threshold": round(similarity.warning_threshold() * 100),
    }


@perm_required(*ANY)
def proposal_edit(request, pk=None):
    if pk:
        proposal = get_proposal(request.user, pk)
        require(may_edit(request.user, proposal))
        if proposal.state not in EDITABLE:
            messages.error(request, _("Only a draft or a returned proposal can be edited."))
            return redirect(proposal)
        office, lead, staff = (
            proposal.office,
            proposal.lead,
            may_manage(request.user, proposal.office),
        )
    else:
        me = my_member(request.user)
        if can(request.user, Perm.OFFICE_MANAGE):
            office, lead, staff = managed_office(request), None, True
        elif me is not None:
            office, lead, staff = me.office, me, False
        else:
            raise PermissionDenied
        proposal = Proposal(office=office, lead=lead)
    form = forms.ProposalForm(
        request.POST or None, instance=proposal, office=office, lead=lead, choose_lead=staff
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if staff:
            fields["lead"] = form.cleaned_data["lead"]
        try:
            proposal = services.save_proposal(request.user, proposal, **fields)
            if form.cleaned_data["cosigners"]:
                services.invite_cosigners(
                    request.user,
                    proposal,
                    form.cleaned_data["cosigners"],
                    form.cleaned_data.get("cosign_deadline"),
                )
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": proposal.title})
            return redirect(proposal)
    return render(request, "proposals/form.html", _form_context(request, form, proposal))


@perm_required(*ANY)
@require_POST
def proposal_similar(request):
    """The htmx panel beside the draft: earlier proposals like what is being typed."""
    exclude = [int(request.POST["pk"])] if request.POST.get("pk", "").isdigit() else []
    text = "\n".join(
        request.POST.get(name, "")[:20000]
        for name in ("summary", "situation", "analysis", "suggestions")
    )
    title = request.POST.get("title", "")[:200]
    found = (
        similarity.similar(title, title + "\n" + text, exclude=exclude)
        if title or text.strip()
        else []
    )
    return render(
        request,
        "proposals/_similar.html",
        {"similar": found, "threshold": round(similarity.warning_threshold() * 100)},
    )


def _actions(request, proposal):
    """The buttons this user may press on this proposal in its state."""
    user, state = request.user, proposal.state
    manage, decide, lead = (
        may_manage(user, proposal.office),
        may_decide(user, proposal.office),
        is_lead(user, proposal),
    )
    offered = set()
    if state in EDITABLE and (lead or manage):
        offered |= {"submit", "attach"}
    if state == State.SUBMITTED and manage:
        offered |= {"return", "approve"}
    if state == State.APPROVED and manage:
        offered.add("forward")
    if state == State.FORWARDED and decide:
        offered |= {"register", "reject", "merge"}
    if state in (State.REGISTERED, State.MERGED, State.UNSATISFIED) and decide:
        offered.add("assign")
    if state == State.ASSIGNED and decide:
        offered.add("reply")
    if state == State.REPLIED and lead:
        offered.add("evaluate")
    if state == State.UNSATISFIED and decide:
        offered.add("close")
    if state in services.ACCEPTED and decide:
        offered.add("flags")
    return offered


# Who may press a button at all, whatever the state: the lead, the office, the district.
LEAD_ACTIONS = {"submit", "attach", "evaluate"}
OFFICE_ACTIONS = {"submit", "attach", "return", "approve", "forward"}
DECIDE_ACTIONS = {"register", "reject", "merge", "assign", "reply", "close", "flags"}


def _may_ever(user, proposal, action) -> bool:
    return (
        (action in LEAD_ACTIONS and is_lead(user, proposal))
        or (action in OFFICE_ACTIONS and may_manage(user, proposal.office))
        or (action in DECIDE_ACTIONS and may_decide(user, proposal.office))
    )


@perm_required(*ANY)
def proposal_detail(request, pk):
    proposal = get_proposal(request.user, pk)
    actions = _actions(request, proposal)
    me = my_member(request.user)
    my_cosign = proposal.cosigners.filter(member=me).first() if me else None
    context = {
        "proposal": proposal,
        "actions": actions,
        "can_edit": proposal.state in EDITABLE and may_edit(request.user, proposal),
        "cosigners": proposal.cosigners.select_related("member"),
        "my_cosign": my_cosign,
        "cosign_open": my_cosign is not None
        and my_cosign.status == CoSigner.Status.INVITED
        and proposal.state in services.OPEN_FOR_COSIGNING,
        "replies": proposal.replies.select_related("evaluation"),
        "attachments": proposal.attachments.all(),
        "merged": proposal.merged.all(),
        "similar": similarity.similar_to(proposal)
        if may_manage(request.user, proposal.office) or is_lead(request.user, proposal)
        else [],
        "threshold": round(similarity.warning_threshold() * 100),
        "warn": proposal.similarity_max >= similarity.warning_threshold(),
        "forms": {
            "return": forms.ReturnForm(),
            "approve": forms.ApproveForm(),
            "register": forms.RegisterForm(),
            "reject": forms.RejectForm(),
            "merge": forms.MergeForm(proposal=proposal, visible=visible_proposals(request.user)),
            "assign": forms.AssignForm(
                initial={
                    "host_main": proposal.host_main or proposal.suggested_units,
                    "host_assist": proposal.host_assist,
                }
            ),
            "reply": forms.ReplyForm(initial={"unit": proposal.host_main}),
            "evaluate": forms.EvaluationForm(),
            "flags": forms.FlagsForm(
                initial={"is_key": proposal.is_key, "is_excellent": proposal.is_excellent}
            ),
            "attach": forms.AttachmentForm(),
        },
    }
    return render(request, "proposals/detail.html", context)


def _do(request, proposal, action):
    """Parse the form of one action and call its service; returns a message or raises."""
    user, post = request.user, request.POST
    simple = {
        "submit": services.submit,
        "forward": services.forward,
        "close": services.close,
    }
    if action in simple:
        simple[action](user, proposal)
        return
    form_classes = {
        "return": forms.ReturnForm,
        "approve": forms.ApproveForm,
        "register": forms.RegisterForm,
        "reject": forms.RejectForm,
        "assign": forms.AssignForm,
        "reply": forms.ReplyForm,
        "evaluate": forms.EvaluationForm,
        "flags": forms.FlagsForm,
    }
    if action == "merge":
        form = forms.MergeForm(post, proposal=proposal, visible=visible_proposals(user))
    elif action == "attach":
        form = forms.AttachmentForm(post, request.FILES)
    else:
        form = form_classes[action](post)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        raise Refusal("invalid", "；".join(errors))
    data = form.cleaned_data
    match action:
        case "return":
            services.return_for_revision(user, proposal, data["comment"])
        case "approve":
            services.approve(user, proposal, data["comment"])
        case "register":
            services.register(user, proposal, data["number"])
        case "reject":
            services.reject(user, proposal, data["reason"], data["conversion"])
        case "merge":
            services.merge(user, proposal, data["into"])
        case "assign":
            services.assign(
                user, proposal, data["host_main"], data["host_assist"], data["deadline"]
            )
        case "reply":
            services.record_reply(user, proposal, **data)
        case "evaluate":
            services.evaluate(user, proposal, **data)
        case "flags":
            services.set_flags(user, proposal, **data)
        case "attach":
            services.add_attachment(user, proposal, data["file"])


@perm_required(*ANY)
@require_POST
def proposal_action(request, pk, action):
    proposal = get_proposal(request.user, pk)
    if action not in _actions(request, proposal):
        # Not offered to this user in this state: say why rather than pretend.
        if action == "evaluate" and not is_lead(request.user, proposal):
            messages.error(request, _("Only the lead member evaluates the reply."))
        elif _may_ever(request.user, proposal, action):
            messages.error(
                request,
                _("This cannot be done while the proposal is “%(state)s”.")
                % {"state": proposal.get_state_display()},
            )
        else:
            raise PermissionDenied
        return redirect(proposal)
    try:
        _do(request, proposal, action)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Done."))
    return redirect(proposal)


@perm_required(Perm.MEMBER_SELF)
@require_POST
def proposal_cosign(request, pk):
    proposal = get_proposal(request.user, pk)
    me = my_member(request.user)
    try:
        if me is None:
            raise Refusal("not_invited", _("You are not invited to co-sign this proposal."))
        cosigner = services.respond_cosign(me, proposal, request.POST.get("accept") == "1")
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, cosigner.get_status_display())
    return redirect(proposal)


@perm_required(*ANY)
def attachment_download(request, pk):
    attachment = get_object_or_404(ProposalAttachment.objects.select_related("proposal"), pk=pk)
    proposal = get_proposal(request.user, attachment.proposal_id)
    return serve_file(
        request, attachment.file, allowed=True, obj=proposal, filename=attachment.name
    )


@perm_required(Perm.OFFICE_MANAGE)
def targets(request):
    office = managed_office(request)
    year = int(request.GET.get("year") or timezone.localdate().year)
    target = YearlyTarget.for_office(office, year)
    form = forms.TargetForm(request.POST or None, instance=target)
    if request.method == "POST":
        require(can(request.user, Perm.OFFICE_DIRECT, office))
        if form.is_valid():
            from liaison.orgs.audit import save_with_audit

            save_with_audit(target, request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?year={year}")
    return render(
        request,
        "proposals/targets.html",
        {
            "form": form,
            "office": office,
            "year": year,
            "offices": organizations_for(request.user, Perm.OFFICE_MANAGE),
        },
    )


@perm_required(Perm.OFFICE_VIEW)
def compilation(request):
    from liaison.proposals.compilation import compilation_response

    proposals, filters = filter_proposals(request.user, request.GET)
    year = filters.get("year") or str(timezone.localdate().year)
    proposals = proposals.filter(year=int(year), forwarded_at__isnull=False)
    return compilation_response(request, proposals, int(year))
