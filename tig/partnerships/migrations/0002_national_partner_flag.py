"""The organisations ticked « partenaire national » before the partners existed join the network
of one partner to identify, so that no flag is lost when the checkbox goes (organisations 0008):
the agency moves each of them to its real partner from the partner's sheet."""

from django.db import migrations

TO_IDENTIFY = "Partenaire national à identifier"


def forward(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    Partner = apps.get_model("partnerships", "Partner")
    Branch = apps.get_model("partnerships", "Branch")
    flagged = list(Organisation.objects.filter(national_partner=True).values_list("pk", flat=True))
    if not flagged:
        return
    partner, _ = Partner.objects.get_or_create(
        name=TO_IDENTIFY,
        defaults={
            "kind": "other",
            "description": "Structures cochées « partenaire national » avant l'arrivée des partenariats : "
            "à rattacher chacune à son partenaire.",
        },
    )
    Branch.objects.bulk_create(Branch(partner=partner, organisation_id=pk, method="migrated") for pk in flagged)


def backward(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    Branch = apps.get_model("partnerships", "Branch")
    migrated = Branch.objects.filter(method="migrated").values_list("organisation_id", flat=True)
    Organisation.objects.filter(pk__in=list(migrated)).update(national_partner=True)


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial"), ("organisations", "0007_membership_proposal")]
    # Read the checkbox before it goes.
    run_before = [("organisations", "0008_remove_organisation_national_partner")]

    operations = [migrations.RunPython(forward, backward)]
