"""The organisation an invitation opens moves from accounts.Invitation to organisations (the
accounts app knows no organisation): created here, filled from the invitation's fields, which
accounts 0004 then removes."""

import django.db.models.deletion
from django.db import migrations, models


def copy_offers(apps, schema_editor):
    Invitation = apps.get_model("accounts", "Invitation")
    MembershipInvitation = apps.get_model("organisations", "MembershipInvitation")
    MembershipInvitation.objects.bulk_create(
        MembershipInvitation(invitation_id=pk, organisation_id=organisation_id, role=role)
        for pk, organisation_id, role in Invitation.objects.filter(organisation__isnull=False).values_list(
            "pk", "organisation_id", "membership_role"
        )
    )


def restore_offers(apps, schema_editor):
    Invitation = apps.get_model("accounts", "Invitation")
    MembershipInvitation = apps.get_model("organisations", "MembershipInvitation")
    for offer in MembershipInvitation.objects.all():
        Invitation.objects.filter(pk=offer.invitation_id).update(
            organisation_id=offer.organisation_id, membership_role=offer.role
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_alter_invitation_role_alter_service_kind_and_more"),
        ("organisations", "0005_list_order_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="MembershipInvitation",
            fields=[
                (
                    "invitation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="membership_offer",
                        serialize=False,
                        to="accounts.invitation",
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("admin", "Administrateur de la structure"), ("tutor", "Tuteur")],
                        max_length=16,
                        verbose_name="rôle dans la structure",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to="organisations.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "invitation dans une structure",
                "verbose_name_plural": "invitations dans une structure",
            },
        ),
        migrations.RunPython(copy_offers, restore_offers),
    ]
