"""The home page of a signed-in user: what their role has to do today, each count a link to the
list behind it. At the top of the layers, it asks each app for its own counts (the caseload's
to-do of tig.measures, the files waiting for someone of tig.habilitations, the posts of
tig.posts); it decides nothing itself. A constant number of queries whatever the numbers."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone

from tig.accounts.enums import Role
from tig.accounts.models import Invitation, User
from tig.audit.enums import Operation
from tig.audit.recording import acting_as, record_bulk
from tig.habilitations.enums import OPEN_STATUSES
from tig.habilitations.models import Dossier
from tig.organisations.models import MembershipProposal, Organisation
from tig.organisations.perms import administered_organisations
from tig.posts.enums import PostStatus
from tig.posts.models import Post

ALERTS_SHOWN = 5
HOSTED_SHOWN = 10


@dataclass(frozen=True)
class Figure:
    """A count and the list it opens; `urgent` ones are marked (alerts, late files)."""

    label: str
    value: int
    url: str
    urgent: bool = False


@dataclass(frozen=True)
class Table:
    """A short table: each row's cells, the first a link to `url`."""

    caption: str
    header: Sequence[str]
    rows: list[tuple[Sequence[str], str]]


@dataclass
class Panel:
    title: str
    figures: list[Figure] = field(default_factory=list)
    text: str = ""
    table: Table | None = None
    links: list[tuple[str, str]] = field(default_factory=list)


def panels(user: User) -> list[Panel]:
    """The home page's panels for this user, the most pressing first."""
    found: list[Panel] = []
    if settings.MEASURES_ENABLED and user.follows_measures:
        found.append(_measures(user))
    files = _files_waiting(user)
    if files is not None:
        found.append(files)
    if user.is_host_staff:
        found += _host(user)
    if user.is_referent:
        found.append(_referent(user))
    if user.is_national_admin:
        found.append(_national())
    return found


def _url(name: str, *args: object, **query: str) -> str:
    base = reverse(name, args=args)
    return f"{base}?{urlencode(query)}" if query else base


def _measures(user: User) -> Panel:
    from tig.measures.models import Measure
    from tig.measures.progress import TO_DO_BY_KEY, standing, to_do_counts

    today = timezone.localdate()
    caseload = Measure.objects.caseload_of(user)
    ranked = [(progress, standing(progress, today)) for progress in caseload.open().progress()]
    counts = to_do_counts(ranked)
    director = user.role in (Role.SPIP_DIRECTOR, Role.PJJ_DIRECTOR)
    # What each role acts on: the director assigns and closes, the officer validates hours and
    # reports incidents, the JAP follows alerts and incidents.
    wanted: tuple[str, ...] = {
        Role.SPIP_DIRECTOR: ("affecter", "alertes", "heures", "incidents", "cloturer"),
        Role.PJJ_DIRECTOR: ("affecter", "alertes", "heures", "incidents", "cloturer"),
        Role.PROBATION_OFFICER: ("alertes", "heures", "incidents", "cloturer", "affecter"),
    }.get(Role(user.role), ("alertes", "incidents"))
    figures = [
        Figure(
            "Mesures en cours" if not user.is_jap else "Mesures dont vous êtes le juge",
            len(ranked),
            _url("measures:caseload"),
        ),
        *(
            Figure(TO_DO_BY_KEY[key].label, counts[key], _url("measures:caseload", afaire=key), urgent=key == "alertes")
            for key in wanted
        ),
    ]
    title = "Les mesures du service" if director else ("Les mesures de vos dossiers" if user.is_jap else "Mes mesures")
    panel = Panel(title, figures)
    if director:
        panel.links.append(("Vue du service, par conseiller", _url("measures:service")))
    alerts = [progress.pk for progress, state in sorted(ranked, key=lambda pair: pair[1].due) if state.alert]
    if alerts and user.role == Role.PROBATION_OFFICER:
        shown = caseload.in_bulk(alerts[:ALERTS_SHOWN])
        states = {progress.pk: state for progress, state in ranked}
        rows: list[tuple[Sequence[str], str]] = []
        for pk in alerts[:ALERTS_SHOWN]:
            measure, state = shown[pk], states[pk]
            why = "échéance dépassée" if state.late else ("rythme insuffisant" if state.slow else "échéance proche")
            rows.append(
                (
                    (measure.appi_number, measure.person_name, f"{state.due:%d/%m/%Y}", why),
                    _url("measures:detail", pk),
                )
            )
        panel.table = Table("Les mesures en alerte, la plus proche de son échéance d'abord", _ALERT_HEADER, rows)
        with acting_as(user):  # names are shown: the consultation is traced
            record_bulk(Operation.READ, "mesures en alerte (accueil)", {"mesures": len(rows)})
    return panel


_ALERT_HEADER = ("Mesure", "Personne", "Échéance", "Motif")

_WAITING_LABEL = {
    Role.HOST_STAFF: (
        "Dossiers à compléter ou à corriger",
        "Les dossiers de vos structures qui attendent votre action.",
    ),
    Role.REFERENT: ("Dossiers déposés à examiner", "Les dossiers de vos départements qui attendent votre examen."),
    Role.SPIP_DIRECTOR: ("Dossiers à décider", "Les avis rendus ou le délai écoulé : la décision vous revient."),
    Role.PJJ_DIRECTOR: ("Dossiers à décider", "Les dossiers pour les mineurs qui attendent votre décision."),
    Role.MAGISTRATE: ("Dossiers en attente de votre avis", "Habilitations et inscriptions de postes de votre ressort."),
}


def _files_waiting(user: User) -> Panel | None:
    """Habilitation and registration files on which the user's action is expected."""
    if user.role not in _WAITING_LABEL or (user.role == Role.MAGISTRATE and not (user.is_jap or user.is_prosecutor)):
        return None
    if user.role == Role.HOST_STAFF and not administered_organisations(user):
        return None
    label, text = _WAITING_LABEL[Role(user.role)]
    waiting = Dossier.objects.waiting_for(user).count()
    panel = Panel("Habilitations et inscriptions", [Figure(label, waiting, _url("habilitations:waiting"), urgent=True)])
    panel.text = text
    if user.is_referent or user.is_host_staff:
        in_progress = Dossier.objects.visible_to(user).filter(status__in=list(OPEN_STATUSES)).count()
        where = "dans vos départements" if user.is_referent else "pour vos structures"
        panel.figures.append(Figure(f"Dossiers en cours {where}", in_progress, _url("habilitations:list")))
    return panel


def _host(user: User) -> list[Panel]:
    found = []
    administered = administered_organisations(user)
    if administered:
        organisations = (
            Organisation.objects.filter(pk__in=administered)
            .annotate(
                shown=Count("posts", filter=Q(posts__listed=True)),
                drafts=Count("posts", filter=Q(posts__status=PostStatus.DRAFT)),
                stale=Count("posts", filter=Q(posts__stale=True) & ~Q(posts__status=PostStatus.CLOSED)),
                offered=Sum("posts__places_offered", filter=Q(posts__listed=True), default=0),
                taken=Sum("posts__places_taken", filter=Q(posts__listed=True), default=0),
            )
            .order_by("name")
        )
        rows: list[tuple[Sequence[str], str]] = [
            (
                (
                    organisation.name,
                    str(organisation.shown),
                    str(organisation.drafts),
                    f"{organisation.offered - organisation.taken} sur {organisation.offered}",
                    str(organisation.stale),
                ),
                _url("organisations:detail", organisation.pk),
            )
            for organisation in organisations
        ]
        panel = Panel("Mes postes")
        panel.text = (
            "Vos postes proposés dans la recherche, leurs places, et ceux qui attendent quelque chose de vous "
            "(un brouillon à compléter, une confirmation)."
        )
        panel.table = Table(
            "Postes de vos structures",
            ("Structure", "Postes proposés dans la recherche", "Brouillons", "Places libres", "À confirmer"),
            rows,
        )
        found.append(panel)
    if settings.MEASURES_ENABLED:
        found.append(_hosted(user))
    proposals = list(
        MembershipProposal.objects.pending().filter(user=user).select_related("organisation").order_by("pk")
    )
    if proposals:
        invited = Panel("Invitations à rejoindre une structure")
        invited.links = [(offer.organisation.name, _url("organisations:proposal", offer.pk)) for offer in proposals]
        found.append(invited)
    return found


def _hosted(user: User) -> Panel:
    from tig.measures.models import Placement

    placements = Placement.objects.hosted_by(user)
    count = placements.count()
    panel = Panel(
        "Personnes accueillies",
        [Figure("Personnes accueillies en ce moment", count, _url("measures:hosted"))],
    )
    shown = list(
        placements.select_related(None)
        .select_related("measure", "post")
        .only("schedule", "measure__last_name", "measure__first_names", "post__title")
        .order_by("measure__last_name", "pk")[:HOSTED_SHOWN]
    )
    if shown:
        panel.table = Table(
            "Les personnes pour qui saisir les heures",
            ("Personne", "Poste", "Horaires"),
            [
                ((placement.measure.person_name, placement.post.title, placement.schedule), _hosted_url(placement))
                for placement in shown
            ],
        )
        with acting_as(user):
            record_bulk(Operation.READ, "personnes accueillies (accueil)", {"mesures": len(shown)})
    return panel


def _hosted_url(placement: Any) -> str:
    return _url("measures:hosted_detail", placement.pk)


def _referent(user: User) -> Panel:
    codes = sorted(user.referent_departement_codes)
    per_departement = {
        row["commune__departement_id"]: row
        for row in Post.objects.filter(commune__departement_id__in=codes, listed=True)
        .values("commune__departement_id")
        .annotate(shown=Count("pk"), free=Sum(F("places_offered") - F("places_taken"), default=0))
    }
    figures = [
        Figure(
            "Structures d'accueil de vos départements",
            Organisation.objects.listed_for(user).count(),
            _url("organisations:list"),
        )
    ]
    for code in codes:
        row = per_departement.get(code, {"shown": 0, "free": 0})
        search = _url("posts:search", departement=code)
        figures.append(Figure(f"Postes proposés dans la recherche ({code})", row["shown"], search))
        figures.append(Figure(f"Places libres dans ces postes ({code})", row["free"], search))
    invitations = Invitation.objects.pending().filter(created_by=user).count()
    figures.append(Figure("Invitations envoyées, pas encore acceptées", invitations, _url("accounts:invitations")))
    return Panel("Mes départements", figures)


def _national() -> Panel:
    posts = Post.objects.filter(listed=True).aggregate(
        shown=Count("pk"),
        offered=Sum("places_offered", default=0),
        free=Sum(F("places_offered") - F("places_taken"), default=0),
    )
    files = Dossier.objects.filter(status__in=list(OPEN_STATUSES)).count()
    return Panel(
        "La plateforme en France",
        [
            # The list behind the national figures: the same figures, département by département.
            Figure("Postes proposés dans la recherche", posts["shown"], _url("stats:overview")),
            Figure("Places offertes dans ces postes", posts["offered"], _url("stats:overview")),
            Figure("Places libres", posts["free"], _url("stats:overview")),
            Figure("Structures d'accueil", Organisation.objects.count(), _url("organisations:list")),
            Figure("Dossiers d'habilitation et d'inscription en cours", files, _url("habilitations:list")),
        ],
    )
