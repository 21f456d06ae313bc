"""The outbox names the document it attaches by kind and id, instead of a foreign key to
habilitations (tig/notifications/attachments.py): the e-mails still queued keep their letter."""

from django.db import migrations, models


def copy_attachments(apps, schema_editor):
    Email = apps.get_model("notifications", "Email")
    Email.objects.filter(attach_decision_of__isnull=False).update(
        attachment_kind="habilitations.decision", attachment_object_id=models.F("attach_decision_of_id")
    )


def restore_attachments(apps, schema_editor):
    Email = apps.get_model("notifications", "Email")
    Email.objects.filter(attachment_kind="habilitations.decision").update(
        attach_decision_of_id=models.F("attachment_object_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_measure_follow_up_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="email",
            name="attachment_kind",
            field=models.CharField(blank=True, max_length=50, verbose_name="pièce jointe"),
        ),
        migrations.AddField(
            model_name="email",
            name="attachment_object_id",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(copy_attachments, restore_attachments),
        migrations.RemoveField(model_name="email", name="attach_decision_of"),
    ]
