"""The committed reference geography, loaded for real (a few seconds)."""

import pytest
from django.core.management import call_command

from tig.audit.models import AuditEntry
from tig.territories.enums import CommuneKind, Zone
from tig.territories.models import Commune, Departement, PostalCode, Region

pytestmark = pytest.mark.django_db


def test_load_every_commune_idempotently(capsys):
    call_command("load_territories", "--dry-run")
    assert "Simulation" in capsys.readouterr().out
    assert not Commune.objects.exists()
    assert not AuditEntry.objects.exists()

    call_command("load_territories")
    first = capsys.readouterr().out
    assert "communes modifiées : 35014" in first

    communes = Commune.objects.filter(kind=CommuneKind.COMMUNE)
    assert communes.count() >= 34_900
    assert Commune.objects.filter(kind=CommuneKind.ARRONDISSEMENT).count() == 45
    for code in ("971", "972", "973", "974", "976"):
        assert Commune.objects.filter(departement_id=code).exists(), code
    assert Departement.objects.exclude(zone=Zone.COM).count() == 101
    assert Region.objects.count() >= 18

    # Spot checks of the data recipe.
    lyon = Commune.objects.get(code="69123")
    assert (lyon.lat, lon := lyon.lon) == pytest.approx((45.7677, 4.8354), abs=0.01), lon
    paris = Commune.objects.get(code="75056")
    assert (paris.lat, paris.lon) == pytest.approx((48.857, 2.320), abs=0.01)
    reunion = Commune.objects.get(code="97411")
    assert (reunion.lat, reunion.lon) == pytest.approx((-20.879, 55.449), abs=0.01)
    assert Commune.objects.get(code="75115").parent.code == "75056"
    assert set(PostalCode.objects.filter(commune=lyon).values_list("code", flat=True)) >= {"69001", "69009"}
    # Only overseas collectivities lack a point.
    assert not Commune.objects.filter(lat__isnull=True).exclude(departement__zone=Zone.COM).exists()

    rows = (Commune.objects.count(), PostalCode.objects.count(), AuditEntry.objects.count())
    call_command("load_territories")
    assert "communes modifiées : 0" in capsys.readouterr().out
    # The second run writes nothing, not even an audit entry.
    assert (Commune.objects.count(), PostalCode.objects.count(), AuditEntry.objects.count()) == rows

    # A row changed since is put back, and only that one.
    Commune.objects.filter(code="21231").update(name="Dijon-ancien", search_name="dijon ancien")
    PostalCode.objects.filter(code="21000").delete()
    call_command("load_territories")
    assert "communes modifiées : 1" in capsys.readouterr().out.splitlines()[-1]
    dijon = Commune.objects.get(code="21231")
    assert (dijon.name, dijon.search_name) == ("Dijon", "dijon")
    assert dijon.postal_codes.filter(code="21000").exists()
