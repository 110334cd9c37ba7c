"""The seed's kinds of activity, preloaded by migration 0002 and by seed_demo."""

# (code, name, yearly target): 政情通报会 twice a year, members visited twice a year.
TYPES = [
    ("briefing", "政情通报会", 2),
    ("collective_visit", "集中走访慰问", 2),
    ("study", "学习", None),
    ("inspection", "视察", None),
    ("research", "调研", None),
    ("study_trip", "考察", None),
    ("symposium", "座谈会/协商会", None),
    ("fellowship", "联谊", None),
    ("member_day", "委员活动日", None),
    ("campaign", "专项活动", None),
]


def ensure_types(ActivityType) -> None:
    """Create the missing ones (takes the model so the migration can pass its historical one)."""
    existing = set(ActivityType.objects.values_list("code", flat=True))
    ActivityType.objects.bulk_create(
        ActivityType(code=code, name=name, yearly_target=target, sort_order=order)
        for order, (code, name, target) in enumerate(TYPES)
        if code not in existing
    )
