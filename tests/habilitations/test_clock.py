from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from tests.habilitations.factories import awaiting_decision
from tig.habilitations.clock import add_months, decidable_from, validity_end
from tig.habilitations.enums import DossierKind, OpinionAuthority, Verdict
from tig.habilitations.models import Opinion

PARIS = ZoneInfo("Europe/Paris")


def test_month_arithmetic_keeps_the_day_or_takes_the_last_one():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_five_years_of_validity_end_the_day_before_the_anniversary():
    assert validity_end(date(2026, 3, 1), 5) == date(2031, 2, 28)
    assert validity_end(date(2028, 2, 29), 5) == date(2033, 2, 27)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(min_value=0, max_value=120))
def test_adding_months_never_goes_back_and_stays_within_the_target_month(day, months):
    later = add_months(day, months)
    assert later >= day
    assert (later.year - day.year) * 12 + later.month - day.month == months


def test_registration_delay_is_ten_days():
    assert decidable_from(date(2026, 12, 25), delay=timedelta(days=10)) == date(2027, 1, 4)


@pytest.mark.django_db
class TestTheClockOfAFile:
    def requested_on_15_january(self, kind):
        with time_machine.travel(datetime(2026, 1, 15, 10, 0, tzinfo=PARIS), tick=False):
            return awaiting_decision(kind=kind)

    def test_a_habilitation_is_decidable_one_month_after_the_request(self):
        dossier = self.requested_on_15_january(DossierKind.HABILITATION)
        assert dossier.decidable_from == date(2026, 2, 15)
        with time_machine.travel(datetime(2026, 2, 14, 23, 0, tzinfo=PARIS), tick=False):
            assert not dossier.clock_allows_decision()
            assert dossier.clock_label == (
                "Décision possible à partir du 15/02/2026, ou dès que les deux avis sont rendus."
            )
        with time_machine.travel(datetime(2026, 2, 15, 0, 30, tzinfo=PARIS), tick=False):
            assert dossier.clock_allows_decision()

    def test_a_registration_is_decidable_ten_days_after_the_request(self):
        dossier = self.requested_on_15_january(DossierKind.REGISTRATION)
        with time_machine.travel(datetime(2026, 1, 24, 12, 0, tzinfo=PARIS), tick=False):
            assert not dossier.clock_allows_decision()
        with time_machine.travel(datetime(2026, 1, 25, 8, 0, tzinfo=PARIS), tick=False):
            assert dossier.clock_allows_decision()

    def test_both_opinions_in_make_it_decidable_at_once(self, django_user_model):
        dossier = self.requested_on_15_january(DossierKind.HABILITATION)
        with time_machine.travel(datetime(2026, 1, 20, 9, 0, tzinfo=PARIS), tick=False):
            from tests.accounts.factories import magistrate

            for authority in OpinionAuthority:
                Opinion.objects.create(
                    dossier=dossier, authority=authority, verdict=Verdict.FAVORABLE, reason="R", given_by=magistrate()
                )
            dossier.__dict__.pop("opinions_by_authority", None)
            assert dossier.clock_allows_decision()
            assert dossier.clock_label == "Les deux avis sont rendus : la décision est possible."
