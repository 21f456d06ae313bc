"""The organisation of an invitation now lives in organisations.MembershipInvitation (filled
by organisations 0006 before these fields go)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_alter_invitation_role_alter_service_kind_and_more"),
        ("organisations", "0006_membershipinvitation"),
    ]

    operations = [
        migrations.RemoveField(model_name="invitation", name="membership_role"),
        migrations.RemoveField(model_name="invitation", name="organisation"),
    ]
