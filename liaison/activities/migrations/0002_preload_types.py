from django.db import migrations

# The seed's kinds of activity; 政情通报会 twice a year.
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


def preload(apps, schema_editor):
    ActivityType = apps.get_model("activities", "ActivityType")
    for order, (code, name, target) in enumerate(TYPES):
        ActivityType.objects.get_or_create(
            code=code, defaults={"name": name, "yearly_target": target, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(preload, migrations.RunPython.noop)]
