"""The office home's yearly targets panel reads this year's stored figures: what it shows
follows every write (a held briefing, a visit) on the next load."""

import datetime

from django.urls import reverse
from django.utils import timezone

from liaison.activities import services
from liaison.activities.models import ActivityType
from liaison.reports.models import FigureYear


def _targets(client):
    panels = {p.key: items for p, items in client.get(reverse("home")).context["panels"]}
    (row,) = panels["office.targets"]
    return row


def test_the_targets_panel_follows_each_write(world, client_for, make_activity, tang):
    director = client_for("director")
    before = _targets(director)
    briefings = next(p for p in before["progress"] if p["type"].code == "briefing")
    assert (briefings["done"], before["visits"], before["short_count"]) == (0, 0, 2)
    assert FigureYear.objects.filter(office=world.office, year=timezone.localdate().year)

    past = timezone.now() - datetime.timedelta(days=1)
    held = services.publish(world.director, make_activity(starts_at=past))
    services.close(world.director, services.open_checkin(world.director, held))
    today = timezone.localdate()
    for _ in range(2):
        services.record_visit(world.director, world.office, member=world.kang, date=today)

    after = _targets(director)
    briefings = next(p for p in after["progress"] if p["type"].code == "briefing")
    target = ActivityType.objects.get(code="briefing").yearly_target
    assert (briefings["done"], briefings["target"]) == (1, target)
    assert (after["visits"], after["short_count"]) == (2, 1)
    assert after["short"] == [{"pk": tang.pk, "name": tang.name}]
    page = director.get(reverse("home")).content.decode()
    assert f'data-testid="target-briefing">1 / {target}<' in page
    assert 'data-testid="visits">2<' in page
