import pytest

from tests.accounts.factories import magistrate, probation_officer, spip_director
from tests.measures.factories import MeasureFactory
from tests.territories.factories import commune
from tig.accounts.enums import MagistrateFunction


@pytest.fixture
def team():
    """An officer and the director of the Dijon SPIP, the JAP and the prosecutor of the tribunal."""
    officer = probation_officer("21")
    return {
        "officer": officer,
        "director": spip_director("21"),
        "jap": magistrate(MagistrateFunction.JAP),
        "prosecutor": magistrate(MagistrateFunction.PROSECUTOR),
    }


@pytest.fixture
def measure(team):
    return MeasureFactory(
        service=team["officer"].service,
        officer=team["officer"],
        jap=team["jap"],
        tribunal=team["jap"].service,
        residence=commune("dijon"),
    )
