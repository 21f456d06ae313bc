"""Who follows the training (docs/regles.md, F3): every member of a host organisation, and the
referents and the agency who accompany them. Nobody else sees the training area."""

from tig.accounts.models import User


def can_learn(user: User) -> bool:
    return user.is_active and (user.is_host_staff or user.is_referent or user.is_national_admin)
