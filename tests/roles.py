"""The cast of the permission tables (tests/<app>/test_perms.py): one unsaved user per role and
scope, their scope set as the database would give it, so that a `perms.py` function is judged
alone, without a query. `check` reads a table of marks (X: allowed, .: refused)."""

from tig.accounts.enums import MagistrateFunction, Role, ServiceKind
from tig.accounts.models import Service, User

SPIP_21 = Service(pk=1, kind=ServiceKind.SPIP, name="SPIP de la Côte-d'Or", departement_id="21")
SPIP_59 = Service(pk=2, kind=ServiceKind.SPIP, name="SPIP du Nord", departement_id="59")
PJJ_21 = Service(pk=3, kind=ServiceKind.PJJ, name="DTPJJ de la Côte-d'Or", departement_id="21")
TJ_21 = Service(pk=4, kind=ServiceKind.TRIBUNAL, name="Tribunal judiciaire de Dijon", departement_id="21")
HOST, OTHER_HOST = 1, 2


def person(pk: int, role: str, *, service=None, function: str = "", departements=(), organisations=None) -> User:
    user = User(pk=pk, email=f"{pk}@exemple.test", role=role, service=service, magistrate_function=function)
    # What the cached properties would read from the database.
    user.__dict__["referent_departement_codes"] = frozenset(departements) if role == Role.REFERENT else frozenset()
    user.__dict__["organisation_roles"] = dict(organisations or {}) if role == Role.HOST_STAFF else {}
    return user


CAST = {
    "ATIGIP": person(1, Role.NATIONAL_ADMIN),
    "référent 21": person(2, Role.REFERENT, departements={"21"}),
    "référent 59": person(3, Role.REFERENT, departements={"59"}),
    "DSPIP 21": person(4, Role.SPIP_DIRECTOR, service=SPIP_21),
    "CPIP 21": person(5, Role.PROBATION_OFFICER, service=SPIP_21),
    "CPIP 59": person(6, Role.PROBATION_OFFICER, service=SPIP_59),
    "DTPJJ 21": person(7, Role.PJJ_DIRECTOR, service=PJJ_21),
    "JAP 21": person(8, Role.MAGISTRATE, service=TJ_21, function=MagistrateFunction.JAP),
    "procureur 21": person(9, Role.MAGISTRATE, service=TJ_21, function=MagistrateFunction.PROSECUTOR),
    "juge du siège": person(10, Role.MAGISTRATE, service=TJ_21, function=MagistrateFunction.TRIAL_JUDGE),
    "avocat": person(11, Role.LAWYER),
    "admin structure": person(12, Role.HOST_STAFF, organisations={HOST: "admin"}),
    "tuteur structure": person(13, Role.HOST_STAFF, organisations={HOST: "tutor"}),
    "admin autre structure": person(14, Role.HOST_STAFF, organisations={OTHER_HOST: "admin"}),
    "coordinateur partenaire": person(15, Role.PARTNER_COORDINATOR),
}


def check(table: str, actions: dict) -> list[str]:
    """The cells of `table` where a perms function disagrees: « role / action : expected X ».

    The table has a row per role of CAST, its marks in the order of `actions`."""
    wrong = []
    rows = [line.split("|") for line in table.strip().splitlines()]
    assert {role.strip() for role, _marks in rows} == set(CAST), "une ligne par rôle du tableau"
    for role, marks in rows:
        marks = marks.split()
        assert len(marks) == len(actions), role
        for (name, allowed), mark in zip(actions.items(), marks, strict=True):
            if bool(allowed(CAST[role.strip()])) != (mark == "X"):
                wrong.append(f"{role.strip()} / {name} : attendu {mark}")
    return wrong
