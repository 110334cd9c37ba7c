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


def _panels(client):
    return {p.key: items for p, items in client.get(reverse("home")).context["panels"]}


def test_the_homes_stored_parts_follow_types_goals_and_triage(world, client_for):
    """The activity types with targets, the office's goals and the opinions awaiting triage
    are stored with the office's year (one read for the home): each change shows on the next
    load."""
    from liaison.opinions import services as opinions
    from liaison.opinions.models import Source
    from liaison.proposals.models import YearlyTarget

    director = client_for("director")
    first = _panels(director)
    assert first["office.opinions"]["new"] == 0
    (goals,) = first["office.proposals"]
    assert (goals["proposal_target"], goals["report_target"]) == (10, 6)  # the defaults

    briefing = ActivityType.objects.get(code="briefing")
    briefing.yearly_target = 5
    briefing.save()
    study = ActivityType.objects.filter(yearly_target__isnull=True).first()
    study.yearly_target = 3
    study.save()
    YearlyTarget.objects.create(
        office=world.office, year=timezone.localdate().year, proposals=12, reports=8
    )
    opinions.submit_opinion(
        world.staff, world.office, source=Source.VISIT, raisers=[world.kang], text="路灯不亮。"
    )

    after = _panels(director)
    (row,) = after["office.targets"]
    shown = {p["type"].code: p["target"] for p in row["progress"]}
    assert shown["briefing"] == 5 and shown[study.code] == 3
    (goals,) = after["office.proposals"]
    assert (goals["proposal_target"], goals["report_target"]) == (12, 8)
    assert after["office.opinions"]["new"] == 1
    # Another office's counter did not move for this office's opinion: its panel still says 0.
    assert _panels(client_for("other"))["office.opinions"]["new"] == 0


def test_a_manager_of_more_offices_than_shown_counts_all_their_opinions(world, client_for):
    from liaison.core.home import SHOWN_OFFICES
    from liaison.opinions import services as opinions
    from liaison.opinions.models import Source
    from liaison.orgs.models import RoleAssignment
    from tests.factories import MemberFactory, OrganizationFactory

    offices = [OrganizationFactory(parent=world.district) for _ in range(SHOWN_OFFICES)]
    for office in offices:
        RoleAssignment.objects.create(user=world.director, organization=office, role="office_staff")
    director = client_for("director")
    shown = {row["office"].pk for row in _panels(director)["office.targets"]}
    assert len(shown) == SHOWN_OFFICES
    (hidden,) = [o for o in [world.office, *offices] if o.pk not in shown]
    opinions.submit_opinion(
        world.director, hidden, source=Source.VISIT, raisers=[MemberFactory(office=hidden)],
        text="井盖缺失。",
    )  # fmt: skip
    # The lists of the panels come from every office then, not from the stored parts.
    from liaison.members.models import CareEvent
    from liaison.members.services import record_care_event

    hidden_member = MemberFactory(office=hidden)
    event = record_care_event(
        world.director, hidden_member, kind="illness", event_date=timezone.localdate()
    )
    CareEvent.objects.filter(pk=event.pk).update(due_by=timezone.now() - datetime.timedelta(1))
    panels = _panels(director)
    assert panels["office.opinions"]["new"] == 1
    assert [e.pk for e in panels["office.care_overdue"]] == [event.pk]
