from django.db import migrations

from liaison.activities.defaults import ensure_types


def preload(apps, schema_editor):
    ensure_types(apps.get_model("activities", "ActivityType"))


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(preload, migrations.RunPython.noop)]
