from datetime import date

from django.db import migrations

# docs/regles.md, R3. The 2020 list: arrêté of 20 January 2020 (decree n° 2019-1462, three years).
# The 2025 list: arrêté of 6 March 2025 (the decree of 30 December 2024 extends the experiment
# by three years). End dates are those of the experiment periods; the agency corrects them in
# the administration if a text changes them.
LISTS = [
    (
        date(2020, 1, 20),
        date(2022, 12, 27),
        "Arrêté du 20 janvier 2020 (décret n° 2019-1462)",
        "06 13 21 31 33 34 35 37 38 44 57 59 62 67 69 72 75 92 93 974",
    ),
    (
        date(2025, 3, 6),
        date(2027, 12, 31),
        "Arrêté du 6 mars 2025 (décret du 30 décembre 2024)",
        "06 17 29 30 33 34 35 37 38 45 51 56 63 67 69 75 80 83 94 974",
    ),
]


def load(apps, schema_editor):
    Experiment = apps.get_model("organisations", "SocieteAMissionExperiment")
    for starts_on, ends_on, legal_basis, codes in LISTS:
        for code in codes.split():
            Experiment.objects.get_or_create(
                departement_id=code, starts_on=starts_on, defaults={"ends_on": ends_on, "legal_basis": legal_basis}
            )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_societeamissionexperiment")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
