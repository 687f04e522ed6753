# One activity log per plan task: a session logged twice was counted twice in the insights.

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q


def drop_repeated_logs(apps, schema_editor):
    """Keeps each task's earliest-logged log (the lowest id among equals) and deletes the
    later ones, which repeated it. The tasks keep their completion as it stands, and the
    insights of the people concerned catch up at the nightly recomputation."""
    ActivityLog = apps.get_model("insights", "ActivityLog")
    earlier = ActivityLog.objects.filter(task_id=OuterRef("task_id")).filter(
        Q(logged_at__lt=OuterRef("logged_at")) | Q(logged_at=OuterRef("logged_at"), id__lt=OuterRef("id"))
    )
    ActivityLog.objects.filter(Exists(earlier)).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('insights', '0002_drop_repeated_indexes'),
        ('planning', '0005_plan_life'),
    ]

    operations = [
        migrations.RunPython(drop_repeated_logs, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name='activitylog',
            constraint=models.UniqueConstraint(fields=('task',), name='activity_one_log_per_task', violation_error_message='This session already has an activity log: correct that one instead of logging it again.'),
        ),
        # The unique index serves lookups by task; the foreign key's own index would repeat it.
        migrations.AlterField(
            model_name='activitylog',
            name='task',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='activity_logs', to='planning.plantask'),
        ),
    ]
