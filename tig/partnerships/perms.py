"""Who sees and does what in the national partnerships (docs/regles.md, P11). The agency keeps
the partners, their agreements, objectives and coordinators; a referent reads every partner's
sheet with the figures of their départements, brings their départements' organisations into a
network (or out of it) and logs the local actions there; a partner's coordinator reads its own
network's aggregated figures and nothing else. Nothing of it to hosts, courts or lawyers."""

from tig.accounts.models import User


def departements_in_view(user: User) -> list[str] | None:
    """None for the whole of France; else the départements whose network figures the user reads
    in detail (empty: none). A coordinator reads France, for its own partner only."""
    if user.is_national_admin or user.is_partner_coordinator:
        return None
    if user.is_referent:
        return sorted(user.referent_departement_codes)
    return []


def can_see_partners(user: User) -> bool:
    """The list of the partners and their sheets: the agency and the referents."""
    return user.is_active and (user.is_national_admin or user.is_referent)


def can_manage_partners(user: User) -> bool:
    """Partners, agreements, objectives and coordinators are the agency's."""
    return user.is_active and user.is_national_admin


def can_link_organisation(user: User, departement_code: str) -> bool:
    """Bring an organisation into a network or take it out: the agency, a referent of its département."""
    if not user.is_active:
        return False
    return user.is_national_admin or (user.is_referent and departement_code in user.referent_departement_codes)


def can_log_action(user: User, departement_code: str) -> bool:
    return can_link_organisation(user, departement_code)


def can_read_network(user: User, partner_id: int, coordinated_id: int | None) -> bool:
    """A network's aggregated figures: the agency, the referents (their départements), and the
    partner's own coordinators (`coordinated_id`: the partner the user coordinates)."""
    if not user.is_active:
        return False
    if user.is_partner_coordinator:
        return coordinated_id == partner_id
    return can_see_partners(user)
