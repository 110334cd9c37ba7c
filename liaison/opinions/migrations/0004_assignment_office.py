import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Each assignment keeps its opinion's office: added empty, filled from the opinions in
    one statement, then required and indexed with the status and deadline."""

    dependencies = [
        ("opinions", "0003_research_project"),
        ("orgs", "0006_alter_roleassignment_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="office",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.organization",
            ),
        ),
        migrations.RunSQL(
            "UPDATE opinions_assignment SET office_id = (SELECT o.office_id FROM"
            " opinions_opinion o WHERE o.id = opinions_assignment.opinion_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="assignment",
            name="office",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgs.organization",
            ),
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                fields=["office", "status", "deadline"], name="opinions_as_office__a38c1d_idx"
            ),
        ),
    ]
