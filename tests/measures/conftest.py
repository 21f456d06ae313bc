import pytest

from tests.measures.factories import MeasureFactory
from tests.territories.factories import commune


@pytest.fixture
def measure(team):
    return MeasureFactory(
        service=team["officer"].service,
        officer=team["officer"],
        jap=team["jap"],
        tribunal=team["jap"].service,
        residence=commune("dijon"),
    )
