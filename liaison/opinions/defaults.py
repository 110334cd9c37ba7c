"""The categories an office starts with (the seed's proposal topics plus food safety)."""

CATEGORIES = [
    ("经济发展", 15),
    ("社会稳定", 10),
    ("社区建设", 15),
    ("市政管理", 15),
    ("节能减排", 20),
    ("民生服务", 10),
    ("食品安全", 10),
]


def ensure_categories(Category) -> None:
    for order, (name, days) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            name=name, defaults={"default_deadline_days": days, "sort_order": order}
        )
