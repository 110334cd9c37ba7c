from django.db import migrations


def preload(apps, schema_editor):
    from liaison.proposals.defaults import ensure_defaults

    ensure_defaults(apps.get_model("proposals", "Category"), apps.get_model("proposals", "RejectionReason"))


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]
    operations = [migrations.RunPython(preload, migrations.RunPython.noop)]
