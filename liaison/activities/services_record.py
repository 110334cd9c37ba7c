"""Minutes and outcomes of an activity (agenda, leaders, materials, minutes, speeches, opinions
raised) and the removal of visits. Each is one atomic, audited function; refusals are Refusal.

Everything here may be changed until the activity is archived.
"""

import secrets
from pathlib import PurePath

from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from liaison.activities import services
from liaison.activities.models import (
    Activity,
    AgendaItem,
    LeaderInvitation,
    Material,
    RaisedOpinion,
    Speech,
    Status,
    Visit,
)
from liaison.core.errors import Refusal
from liaison.duty import services as duty
from liaison.orgs.audit import delete_with_audit, save_with_audit

MAX_UPLOAD = 10 * 1024 * 1024  # bytes, for materials and photos alike

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls (the old Office formats)
ZIP = b"PK\x03\x04"  # .docx, .xlsx, .pptx (OOXML)
# Accepted document extensions and the bytes their files must start with.
DOCUMENT_MAGIC = {
    "pdf": b"%PDF",
    "docx": ZIP,
    "xlsx": ZIP,
    "pptx": ZIP,
    "doc": OLE2,
    "xls": OLE2,
}
# Photo formats Pillow may report, and the extension they are stored under.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
}


def _editable(activity: Activity) -> Activity:
    """The activity, locked for the change; refused once archived."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status == Status.ARCHIVED:
        raise Refusal("activity_archived", _("An archived activity can no longer be changed."))
    return activity


def _same_office(activity, member) -> None:
    if member is not None and member.office_id != activity.office_id:
        raise Refusal(
            "invite_other_office",
            _("Not members of this office: %(names)s") % {"names": member.name},
        )


def _required(value: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise Refusal("required", message)
    return value


# --- Agenda ---------------------------------------------------------------------------------


@transaction.atomic
def add_agenda_item(
    actor, activity, *, title, kind=AgendaItem.Kind.ON_STAGE, speaker=None, speaker_name=""
) -> AgendaItem:
    """An item of the agenda with its speaker: a member of the office, or a name typed in."""
    activity = _editable(activity)
    title = _required(title, _("Give the agenda item a title."))
    speaker_name = (speaker_name or "").strip()
    if speaker is not None and speaker_name:
        raise Refusal(
            "speaker_twice", _("Choose a member as the speaker or type a name, not both.")
        )
    _same_office(activity, speaker)
    last = activity.agenda.order_by("-order").values_list("order", flat=True).first()
    return save_with_audit(
        AgendaItem(activity=activity),
        actor,
        title=title,
        kind=kind,
        speaker=speaker,
        speaker_name=speaker_name,
        order=(last or 0) + 1,
    )


@transaction.atomic
def remove_agenda_item(actor, item: AgendaItem) -> None:
    _editable(item.activity)
    delete_with_audit(item, actor)


# --- Invited leaders ------------------------------------------------------------------------


@transaction.atomic
def add_leader(actor, activity, *, name, position="", user=None) -> LeaderInvitation:
    """A Party committee or sub-district leader invited; the account is optional."""
    activity = _editable(activity)
    name = _required(name, _("Give the leader's name."))
    if user is not None and not user.is_active:
        raise Refusal("user_inactive", _("This account is disabled."))
    if user is not None and activity.leaders.filter(user=user).exists():
        raise Refusal("leader_twice", _("This leader is already invited."))
    return save_with_audit(
        LeaderInvitation(activity=activity),
        actor,
        name=name,
        position=(position or "").strip(),
        user=user,
    )


@transaction.atomic
def remove_leader(actor, leader: LeaderInvitation) -> None:
    _editable(leader.activity)
    delete_with_audit(leader, actor)


# --- Materials and photos -------------------------------------------------------------------


def _extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def check_upload(kind: str, upload) -> str:
    """Refuse a file that is too big or not what it claims to be; the extension to store."""
    if upload is None:
        raise Refusal("upload_missing", _("Choose a file to upload."))
    if upload.size > MAX_UPLOAD:
        raise Refusal("upload_too_big", _("The file may be at most 10 MB."))
    if upload.size == 0:
        raise Refusal("upload_empty", _("The file is empty."))
    upload.seek(0)
    if kind == Material.Kind.PHOTO:
        try:
            with Image.open(upload) as image:
                fmt = image.format
                image.verify()
        except Exception:  # Pillow raises many kinds for a broken or disguised image
            raise Refusal(
                "photo_invalid", _("This file is not a photo: upload a JPEG, PNG, GIF or WebP.")
            ) from None
        finally:
            upload.seek(0)
        if fmt not in PHOTO_FORMATS:
            raise Refusal(
                "photo_invalid", _("This file is not a photo: upload a JPEG, PNG, GIF or WebP.")
            )
        return PHOTO_FORMATS[fmt]
    if kind != Material.Kind.DOCUMENT:
        raise Refusal("upload_kind", _("Choose whether this is a material or a photo."))
    extension = _extension(upload.name)
    if extension not in DOCUMENT_MAGIC:
        raise Refusal(
            "document_type",
            _(
                "Materials may be PDF, Word, Excel or PowerPoint files "
                "(pdf, doc, docx, xls, xlsx, pptx)."
            ),
        )
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(DOCUMENT_MAGIC[extension]):
        raise Refusal(
            "document_content",
            _("The file's content does not match its name “.%(ext)s”.") % {"ext": extension},
        )
    return extension


@transaction.atomic
def add_material(actor, activity, *, kind, upload, title="") -> Material:
    """A material (document) or a photo. Stored under a random name; served through a view."""
    activity = _editable(activity)
    extension = check_upload(kind, upload)
    title = (title or "").strip() or PurePath(upload.name or "").stem or _("Untitled")
    upload.name = f"{secrets.token_hex(12)}.{extension}"
    material = save_with_audit(
        Material(activity=activity), actor, kind=kind, title=title[:200], file=upload
    )
    return material


@transaction.atomic
def remove_material(actor, material: Material) -> None:
    _editable(material.activity)
    storage, name = material.file.storage, material.file.name
    delete_with_audit(material, actor)
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(name) if name else None)


def content_type_of(material: Material) -> str:
    return CONTENT_TYPES.get(_extension(material.file.name), "application/octet-stream")


def download_name(material: Material) -> str:
    extension = _extension(material.file.name)
    title = material.title
    return title if title.lower().endswith(f".{extension}") else f"{title}.{extension}"


# --- Minutes --------------------------------------------------------------------------------


@transaction.atomic
def save_minutes(actor, activity, summary: str) -> Activity:
    activity = _editable(activity)
    return save_with_audit(activity, actor, summary=(summary or "").strip())


# --- Speeches -------------------------------------------------------------------------------


@transaction.atomic
def record_speech(actor, activity, *, member, title, kind=AgendaItem.Kind.ON_STAGE) -> Speech:
    """A speech given; services.add_speech feeds the duty ledger."""
    activity = _editable(activity)
    title = _required(title, _("Give the speech a title."))
    return services.add_speech(actor, activity, member, title, kind)


@transaction.atomic
def remove_speech(actor, speech: Speech) -> None:
    _editable(speech.activity)
    duty.retract(speech)
    delete_with_audit(speech, actor)


# --- Opinions raised ------------------------------------------------------------------------


@transaction.atomic
def record_opinion(actor, activity, *, member, text) -> RaisedOpinion:
    """What a member said, kept verbatim (原汁原味); never edited afterwards."""
    activity = _editable(activity)
    _same_office(activity, member)
    text = _required(text, _("Write down what the member said."))
    return save_with_audit(
        RaisedOpinion(activity=activity, member=member), actor, text=text, recorded_by=actor
    )


@transaction.atomic
def remove_opinion(actor, opinion: RaisedOpinion) -> None:
    """Only while the opinion has not been routed on: after that it belongs to the record."""
    _editable(opinion.activity)
    opinion = RaisedOpinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.routed_to_id is not None:
        raise Refusal(
            "opinion_routed", _("This opinion has been passed on and can no longer be removed.")
        )
    delete_with_audit(opinion, actor)


# --- Visits ---------------------------------------------------------------------------------


@transaction.atomic
def remove_visit(actor, visit: Visit) -> None:
    """A visit recorded by mistake: it and the ledger entries it made go together."""
    duty.retract(visit)
    delete_with_audit(visit, actor)
