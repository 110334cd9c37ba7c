from django.core.management import call_command
from django.utils import timezone

from liaison.orgs.models import Organization
from liaison.reports.summary import build


def test_demo_summary_names_the_seed_members(db):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent
    office = Organization.objects.get(name="燕山街道政协联络处")
    summary = build(office, timezone.localdate().year)
    assert not summary.empty
    text = " ".join(line for s in summary.sections for line in s.facts + s.contributions)
    for name in ("康希", "汤朝阳", "黄德君", "曹升洋"):
        assert name in text
    assert summary.sections[-1].paragraphs  # the office's narrative
    points = {name: p for name, _acts, p in summary.members}
    assert points["康希"] > 0  # the Minhang scheme scored the demo year
