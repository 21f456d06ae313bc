from django.db import models


class Role(models.TextChoices):
    """What a user does on the platform (docs/architecture.md, « Rôles et périmètres »). Scope comes with the role:
    départements for a referent, a service for SPIP staff and magistrates, memberships
    for host-organisation staff."""

    NATIONAL_ADMIN = "national_admin", "Administrateur national (ATIGIP)"
    REFERENT = "referent", "Référent territorial"
    SPIP_DIRECTOR = "spip_director", "Directeur de SPIP"
    PJJ_DIRECTOR = "pjj_director", "Directeur territorial de la PJJ"
    PROBATION_OFFICER = "probation_officer", "Conseiller pénitentiaire d'insertion et de probation"
    MAGISTRATE = "magistrate", "Magistrat ou greffier"
    LAWYER = "lawyer", "Avocat"
    HOST_STAFF = "host_staff", "Membre d'une structure d'accueil"
    # Reads its partner's network figures, aggregated, and nothing else (tig.partnerships).
    PARTNER_COORDINATOR = "partner_coordinator", "Coordinateur d'un partenaire national"


class MagistrateFunction(models.TextChoices):
    JAP = "jap", "Juge de l'application des peines"
    PROSECUTOR = "prosecutor", "Magistrat du parquet"
    TRIAL_JUDGE = "trial_judge", "Juge du siège"
    CLERK = "clerk", "Greffier"


class ServiceKind(models.TextChoices):
    SPIP = "spip", "Service pénitentiaire d'insertion et de probation"
    TRIBUNAL = "tribunal", "Tribunal judiciaire"
    PJJ = "pjj", "Direction territoriale de la protection judiciaire de la jeunesse"


# The roles that work with the posts, the organisations and the files; the partner coordinator
# is outside them: it reads its partner's aggregated figures only (docs/regles.md, P11).
PLATFORM_ROLES = frozenset(Role) - {Role.PARTNER_COORDINATOR}
SPIP_ROLES = frozenset({Role.SPIP_DIRECTOR, Role.PROBATION_OFFICER})
# The service kind each role is attached to.
SERVICE_KIND_OF_ROLE = {
    Role.SPIP_DIRECTOR: ServiceKind.SPIP,
    Role.PROBATION_OFFICER: ServiceKind.SPIP,
    Role.PJJ_DIRECTOR: ServiceKind.PJJ,
    Role.MAGISTRATE: ServiceKind.TRIBUNAL,
}
# Who decides habilitations and registrations (CPénit R.*623-1, R. 623-7; CJPM R. 122-2):
# the SPIP director for adults, the PJJ territorial director for minors.
DECIDER_ROLES = frozenset({Role.SPIP_DIRECTOR, Role.PJJ_DIRECTOR})
