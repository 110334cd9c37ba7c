from django.db import migrations


def preload(apps, schema_editor):
    from liaison.workdays.holidays import SCHEDULES

    CalendarDay = apps.get_model("workdays", "CalendarDay")
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    rows = []
    for schedule in SCHEDULES.values():
        for name, holidays, workdays in schedule:
            rows += [CalendarDay(date=d, kind="holiday", name=name) for d in holidays]
            rows += [CalendarDay(date=d, kind="workday", name=name) for d in workdays]
    CalendarDay.objects.bulk_create([r for r in rows if r.date not in existing])


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(preload, migrations.RunPython.noop)]
