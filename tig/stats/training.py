"""The training of tutors in numbers (docs/regles.md, F8): the tutors of each territory, and those
who completed a course proposed to new tutors (any version, attestation standing). Counts only:
nobody is named outside the follow-up pages of the training. A tutor of two départements counts
in each, and once in a territory holding both."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Exists, OuterRef

from tig.posts.tutors import tutor_memberships
from tig.stats.indicators import Indicator, Territory
from tig.training.learning import completed

TUTORS = Indicator(
    "tutors", "Tuteurs", "Membres des structures d'accueil tuteurs (rôle de tuteur ou tuteur d'un poste)."
)
TUTORS_TRAINED = Indicator(
    "tutors_trained",
    "Tuteurs formés",
    "Tuteurs ayant terminé une formation en ligne proposée aux nouveaux tuteurs (toute version, attestation non retirée).",
)
TRAINING_INDICATORS = (TUTORS, TUTORS_TRAINED)


def measure(chains: dict[str, list[Territory]]) -> dict[Territory, dict[str, Decimal]]:
    trained = completed().filter(user=OuterRef("user_id"), version__course__for_new_tutors=True)
    rows = (
        tutor_memberships()
        .annotate(trained=Exists(trained))
        .values_list("user_id", "organisation__commune__departement_id", "trained")
        .order_by()
    )
    tutors: dict[Territory, set[int]] = defaultdict(set)
    formed: dict[Territory, set[int]] = defaultdict(set)
    for user, departement, is_trained in rows:
        for territory in chains.get(departement, []):
            tutors[territory].add(user)
            if is_trained:
                formed[territory].add(user)
    return {
        territory: {TUTORS.code: Decimal(len(users)), TUTORS_TRAINED.code: Decimal(len(formed[territory]))}
        for territory, users in tutors.items()
    }
