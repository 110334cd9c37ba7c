"""Roster import: upload → preview (every bad row listed) → commit all or nothing."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.exports import XLSX
from liaison.members import importing
from liaison.members.access import managed_office
from liaison.members.forms import ImportForm
from liaison.orgs.access import Perm, perm_required


def _upload_dir(user) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(user.pk)


def _stored(user, token: str) -> Path:
    """The upload a preview refers to; only the uploader's own files are reachable."""
    try:
        name = str(uuid.UUID(token))
    except (ValueError, TypeError):
        raise Http404 from None
    path = _upload_dir(user) / name
    if not path.is_file():
        raise Http404
    return path


@perm_required(Perm.OFFICE_MANAGE)
def import_upload(request):
    office = managed_office(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > importing.MAX_BYTES:
            form.add_error("file", _("The file is larger than 5 MB; split it into several files."))
        else:
            data = upload.read()
            try:
                plan = importing.plan_import(data, office)
            except importing.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                token = str(uuid.uuid4())
                folder = _upload_dir(request.user)
                folder.mkdir(parents=True, exist_ok=True)
                (folder / token).write_bytes(data)
                return render(
                    request,
                    "members/import_preview.html",
                    {"plan": plan, "token": token, "office": office, "errors": plan.errors[:500]},
                )
    return render(request, "members/import_upload.html", {"form": form, "office": office})


@perm_required(Perm.OFFICE_MANAGE)
@require_POST
def import_commit(request):
    office = managed_office(request)
    path = _stored(request.user, request.POST.get("token"))
    try:
        result = importing.commit_import(request.user, path.read_bytes(), office)
    except importing.ImportFileError as error:
        messages.error(request, str(error))
        return redirect("member_import")
    path.unlink(missing_ok=True)
    messages.success(request, _("Imported: %(created)d new, %(updated)d updated.") % result)
    if result["accounts"]:
        # Temporary passwords are shown this once and never stored in clear.
        return render(
            request,
            "members/import_accounts.html",
            {"accounts": result["accounts"], "office": office},
        )
    return redirect("member_list")


@perm_required(Perm.OFFICE_MANAGE)
def import_template(request):
    response = HttpResponse(importing.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="member-import-template.xlsx"'
    return response
