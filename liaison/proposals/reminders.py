"""Reminders: co-signers who have not confirmed, two days before the deadline."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.notify.reminders import Reminder
from liaison.proposals.models import OPEN_FOR_COSIGNING, CoSigner

SOON = datetime.timedelta(hours=48)


def cosign_pending(now):
    pending = CoSigner.objects.filter(
        status=CoSigner.Status.INVITED,
        proposal__state__in=OPEN_FOR_COSIGNING,
        proposal__cosign_deadline__gt=now,
        proposal__cosign_deadline__lte=now + SOON,
        member__user__isnull=False,
    ).select_related("proposal", "member__user", "proposal__lead")
    for cosigner in pending:
        proposal = cosigner.proposal
        yield Reminder(
            # The deadline is part of the key: a moved deadline earns a new reminder.
            key=f"cosign:{cosigner.pk}:{proposal.cosign_deadline:%Y%m%d%H%M}",
            users=[cosigner.member.user],
            text=_("Please confirm co-signing “%(title)s” (lead: %(lead)s) by %(when)s.")
            % {
                "title": proposal.title,
                "lead": proposal.lead.name,
                "when": timezone.localtime(proposal.cosign_deadline).strftime("%m-%d %H:%M"),
            },
            kind="proposal.cosign",
            obj=proposal,
        )
