"""The reminder to confirm a post moves to the platform's reminder engine: the posts already
reminded are recorded there as reminded, so that nobody is asked twice."""

from django.db import migrations
from django.utils import timezone


def record_sent_reminders(apps, schema_editor):
    Post = apps.get_model("posts", "Post")
    ReminderState = apps.get_model("notifications", "ReminderState")
    now = timezone.now()
    reminded = Post.objects.filter(freshness_reminders=1, stale=False).values_list("pk", flat=True)
    ReminderState.objects.bulk_create(
        [ReminderState(reminder="posts.confirmation", key=f"post:{pk}", sends=1, last_sent_at=now) for pk in reminded],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0005_post_revisions"),
        ("notifications", "0006_reminders"),
    ]

    operations = [
        migrations.RunPython(record_sent_reminders, migrations.RunPython.noop),
        migrations.RemoveField(model_name="post", name="freshness_reminders"),
    ]
