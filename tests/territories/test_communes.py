import pytest

from tests.territories.factories import CommuneFactory, commune
from tig.territories.models import Commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes():
    for key in (
        "dijon",
        "chenove",
        "saint_denis_974",
        "saint_denis_93",
        "saint_etienne",
        "paris",
        "saint_pierre_975",
    ):
        commune(key)
    CommuneFactory(
        code="21278",
        name="Fontaine-lès-Dijon",
        departement=Commune.objects.get(code="21231").departement,
        population=9000,
    )


def labels(found):
    return [c.label for c in found]


@pytest.mark.usefixtures("communes")
class TestMatching:
    def test_by_the_start_of_the_name_whatever_case_and_accents(self):
        assert labels(Commune.objects.matching("DIJ")) == ["Dijon (21)"]
        assert labels(Commune.objects.matching("chenove")) == ["Chenôve (21)"]
        assert labels(Commune.objects.matching("chenôve")) == ["Chenôve (21)"]

    def test_st_means_saint_and_hyphens_are_spaces(self):
        assert labels(Commune.objects.matching("st etienne")) == ["Saint-Étienne (42)"]
        assert labels(Commune.objects.matching("saint-etienne")) == ["Saint-Étienne (42)"]

    def test_most_populated_first(self):
        assert labels(Commune.objects.matching("saint d")) == ["Saint-Denis (974)", "Saint-Denis (93)"]

    def test_by_any_word_when_no_name_starts_so(self):
        assert labels(Commune.objects.matching("denis")) == ["Saint-Denis (974)", "Saint-Denis (93)"]
        assert labels(Commune.objects.matching("les dijon")) == ["Fontaine-lès-Dijon (21)"]

    def test_by_postal_code_prefix(self):
        assert labels(Commune.objects.matching("2100")) == ["Dijon (21)"]
        assert labels(Commune.objects.matching("93")) == ["Saint-Denis (93)"]

    def test_by_insee_code(self):
        assert labels(Commune.objects.matching("21166")) == ["Chenôve (21)"]

    def test_too_short_or_unknown(self):
        assert Commune.objects.matching("d") == []
        assert Commune.objects.matching("2") == []
        assert Commune.objects.matching("xyzzy") == []
        assert Commune.objects.matching("%") == []


@pytest.mark.usefixtures("communes")
class TestResolve:
    @pytest.mark.parametrize("typed", ["Dijon", "dijon", "Dijon (21)", "DIJON (21000)", "21000", "21231", " Dijon  "])
    def test_one_commune(self, typed):
        assert Commune.objects.resolve(typed).commune.code == "21231"

    def test_a_name_shared_by_several_communes_is_ambiguous(self):
        lookup = Commune.objects.resolve("Saint-Denis")
        assert lookup.commune is None
        assert lookup.is_ambiguous
        assert lookup.error == (
            "Plusieurs communes correspondent à « Saint-Denis » (Saint-Denis (974), Saint-Denis (93)) : précisez laquelle."
        )
        assert labels(lookup.matches) == ["Saint-Denis (974)", "Saint-Denis (93)"]

    def test_a_small_commune_whose_name_begins_a_larger_ones_offers_both(self):
        from tests.territories.factories import CommuneFactory

        village = CommuneFactory(name="Chalon", code="38073", population=200)
        town = CommuneFactory(name="Chalon-sur-Saône", code="71076", population=45000)
        CommuneFactory(name="Chalonnes-sur-Loire", code="49063", population=6000)
        lookup = Commune.objects.resolve("Chalon")
        assert lookup.is_ambiguous and lookup.matches == [town, village]
        assert Commune.objects.resolve(village.label).commune == village
        # The larger commune's own name is not ambiguous.
        assert Commune.objects.resolve("Chalon-sur-Saône").commune == town
        assert Commune.objects.resolve("Dijon").commune.code == "21231"

    def test_the_departement_or_postal_code_tells_them_apart(self):
        assert Commune.objects.resolve("Saint-Denis (93)").commune.code == "93066"
        assert Commune.objects.resolve("st denis (974)").commune.code == "97411"
        assert Commune.objects.resolve("Saint-Denis (93200)").commune.code == "93066"

    def test_unknown_name_suggests_close_ones(self):
        lookup = Commune.objects.resolve("Dij")
        assert lookup.commune is None
        assert lookup.error == "Aucune commune ne correspond à « Dij »."
        assert labels(lookup.suggestions) == ["Dijon (21)"]

    def test_an_unknown_code(self):
        assert Commune.objects.resolve("99999").error == "Aucune commune ne correspond à « 99999 »."

    def test_empty(self):
        assert Commune.objects.resolve("  ").commune is None

    def test_a_commune_without_point_is_found_but_not_located(self):
        found = Commune.objects.resolve("Saint-Pierre (975)").commune
        assert found is not None
        assert not found.is_located


def test_departement_name_with_its_article(db):
    commune("dijon")
    commune("lille")
    from tig.territories.models import Departement

    assert Departement.objects.get(code="21").name_with_of == "de la Côte-d'Or"
    assert Departement.objects.get(code="59").name_with_of == "du Nord"
