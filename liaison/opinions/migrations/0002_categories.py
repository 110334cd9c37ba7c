from django.db import migrations


def load(apps, schema_editor):
    from liaison.opinions.defaults import ensure_categories

    ensure_categories(apps.get_model("opinions", "Category"))


class Migration(migrations.Migration):
    dependencies = [("opinions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
