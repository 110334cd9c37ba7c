from django.shortcuts import get_object_or_404, render

from liaison.core.lists import paginate
from liaison.members.models import Member
from liaison.orgs.access import Perm, can, perm_required


@perm_required(Perm.OFFICE_VIEW)
def member_list(request):
    members = Member.objects.visible_to(request.user).select_related("office")
    query = request.GET.get("q", "").strip()[:50]
    if query:
        members = members.filter(name__icontains=query)
    return render(
        request, "members/list.html", {"page": paginate(request, members), "query": query}
    )


@perm_required(Perm.OFFICE_VIEW, Perm.MEMBER_SELF)
def member_detail(request, pk):
    member = get_object_or_404(
        Member.objects.visible_to(request.user).select_related("office", "user"), pk=pk
    )
    full_phone = member.user_id == request.user.pk or can(
        request.user, Perm.OFFICE_MANAGE, member.office
    )
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "phone": member.phone if full_phone else member.phone_masked,
            "enterprises": member.enterprises.all(),
        },
    )
