"""The main menu of each role (tig/core/navigation.py), as a table."""

import pytest

from tests.accounts.factories import (
    host_member,
    lawyer,
    magistrate,
    national_admin,
    partner_coordinator,
    pjj_director,
    probation_officer,
    referent,
    spip_director,
)
from tests.organisations.factories import OrganisationFactory
from tig.accounts.enums import MagistrateFunction
from tig.core.navigation import main_menu, sections

pytestmark = pytest.mark.django_db

SEARCH, STRUCTURES, MINE, INVITATIONS = "Rechercher un poste", "Structures d'accueil", "Ma structure", "Invitations"
FILES, MEASURES, HOSTED, LOG = "Dossiers", "Mesures", "Personnes accueillies", "Journal des opérations"
WORKSITES = "Chantiers collectifs"
STATS, PROSPECTING, PARTNERSHIPS, NETWORK, TRAINING = (
    "Statistiques",
    "Prospection",
    "Partenariats",
    "Réseau",
    "Formation",
)

MENUS = {
    "ATIGIP": (
        national_admin,
        [SEARCH, STRUCTURES, INVITATIONS, FILES, STATS, PROSPECTING, PARTNERSHIPS, NETWORK, TRAINING, LOG],
    ),
    "référent": (
        lambda: referent("21"),
        [SEARCH, STRUCTURES, INVITATIONS, FILES, STATS, PROSPECTING, PARTNERSHIPS, NETWORK, TRAINING],
    ),
    "directeur de SPIP": (spip_director, [SEARCH, FILES, MEASURES, WORKSITES, STATS]),
    "CPIP": (probation_officer, [SEARCH, MEASURES, WORKSITES]),
    "directeur territorial de la PJJ": (pjj_director, [SEARCH, FILES, MEASURES, WORKSITES, STATS]),
    "JAP": (magistrate, [SEARCH, FILES, MEASURES, STATS]),
    "procureur": (lambda: magistrate(MagistrateFunction.PROSECUTOR), [SEARCH, FILES, STATS]),
    "juge du siège": (lambda: magistrate(MagistrateFunction.TRIAL_JUDGE), [SEARCH, STATS]),
    "avocat": (lawyer, [SEARCH]),
    "administrateur de structure": (
        lambda: host_member(OrganisationFactory()),
        [SEARCH, MINE, FILES, HOSTED, WORKSITES, NETWORK, TRAINING],
    ),
    "tuteur": (
        lambda: host_member(OrganisationFactory(), role="tutor"),
        [SEARCH, MINE, FILES, HOSTED, WORKSITES, NETWORK, TRAINING],
    ),
    # Its network's figures, and nothing else.
    "coordinateur d'un partenaire": (partner_coordinator, ["Mon réseau"]),
}


@pytest.mark.parametrize("role", MENUS)
def test_each_role_has_its_menu(role):
    make, expected = MENUS[role]
    assert [label for label, _name, _section in sections(make())] == expected


def test_without_the_measures_no_one_has_them(settings):
    settings.MEASURES_ENABLED = False
    assert MEASURES not in [label for label, _name, _section in sections(probation_officer())]
    assert HOSTED not in [label for label, _name, _section in sections(host_member(OrganisationFactory()))]


def test_the_current_section_is_marked_and_the_markup_is_kept(django_assert_num_queries):
    officer = probation_officer()
    markup = main_menu(officer, "measures")
    assert '<a class="fr-nav__link" href="/mesures/" aria-current="page">Mesures</a>' in markup
    assert 'href="/postes/">Rechercher un poste</a>' in markup
    with django_assert_num_queries(0):
        assert main_menu(officer, "measures") == markup
