"""The API's endpoints (/api/v1/). Each one parses, calls what the site calls and answers: the
search is tig.posts.search.search through the site's SearchForm, the visibility is the site's
querysets and perms. Read only."""

from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tig.accounts.models import User
from tig.api import serializers
from tig.audit.recording import record_read
from tig.organisations import perms as organisation_perms
from tig.organisations.models import Organisation
from tig.partnerships.models import Branch
from tig.posts import perms as post_perms
from tig.posts.enums import ActivityDomain, MeasureType, SearchOrder
from tig.posts.forms import SearchForm
from tig.posts.models import Post
from tig.posts.search import PAGE_SIZE, RADIUS_DEFAULT_KM, RADIUS_MAX_KM, RADIUS_MIN_KM
from tig.posts.search import search as run_search
from tig.stats import opendata
from tig.stats.public import public_figures
from tig.territories.models import Commune

PER_PAGE_MAX = 100
ERRORS = {
    400: OpenApiResponse(serializers.ErrorSerializer, description="Paramètres invalides."),
    401: OpenApiResponse(serializers.ErrorSerializer, description="Clé absente, inconnue, expirée ou révoquée."),
    404: OpenApiResponse(serializers.ErrorSerializer, description="Introuvable, ou hors du périmètre du compte."),
    429: OpenApiResponse(serializers.ErrorSerializer, description="Trop de requêtes dans la minute."),
}
PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Numéro de page, à partir de 1."),
    OpenApiParameter(
        "par_page", int, description=f"Résultats par page, de 1 à {PER_PAGE_MAX} ({PAGE_SIZE} par défaut)."
    ),
]


def _user(request: Request) -> User:
    """The key's account: every view that calls this requires a key (IsAuthenticated)."""
    user = request.user
    assert isinstance(user, User)
    return user


def _page_numbers(request: Request) -> tuple[int, int]:
    """The page asked and its size; a clear message for anything else than whole numbers in range."""
    found: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for name, default, maximum in (("page", 1, None), ("par_page", PAGE_SIZE, PER_PAGE_MAX)):
        text = request.query_params.get(name, "")
        if not text:
            found[name] = default
            continue
        if not (text.isascii() and text.isdigit()) or int(text) < 1 or (maximum and int(text) > maximum):
            limit = f" de 1 à {maximum}" if maximum else " à partir de 1"
            errors[name] = [f"Un nombre entier{limit} est attendu."]
            continue
        found[name] = int(text)
    if errors:
        raise exceptions.ValidationError(errors)
    return found["page"], found["par_page"]


def _page_links(request: Request, number: int, pages: int) -> tuple[str | None, str | None]:
    def link(page: int) -> str:
        query = request.query_params.copy()
        query["page"] = str(page)
        return request.build_absolute_uri(request.path + "?" + query.urlencode())

    return (link(number + 1) if number < pages else None, link(number - 1) if number > 1 else None)


def _paged(request: Request, number: int, total: int, pages: int, results: list[Any]) -> dict[str, Any]:
    if number > max(pages, 1):
        raise exceptions.NotFound("Cette page n'existe pas.")
    following, previous = _page_links(request, number, pages)
    return {
        "total": total,
        "page": number,
        "pages": pages,
        "suivante": following,
        "precedente": previous,
        "resultats": results,
    }


SEARCH_PARAMETERS = [
    OpenApiParameter("lieu", str, description="Commune ou code postal (« Dijon », « Dijon (21) », « 21000 »)."),
    OpenApiParameter(
        "rayon",
        int,
        description=f"Rayon autour de la commune, de {RADIUS_MIN_KM} à {RADIUS_MAX_KM} km ({RADIUS_DEFAULT_KM} par défaut).",
    ),
    OpenApiParameter("departement", str, description="Ou tout un département, par son code (« 21 », « 2A », « 974 »)."),
    OpenApiParameter("domaine", str, many=True, enum=ActivityDomain.values, description="Domaines d'activité."),
    OpenApiParameter("disponible", bool, description="Avec des places disponibles."),
    OpenApiParameter("weekend", bool, description="Ouvert le week-end."),
    OpenApiParameter("mineurs", bool, description="Ouvert aux mineurs de 16 ans et plus."),
    OpenApiParameter("pmr", bool, description="Accessible aux personnes à mobilité réduite."),
    OpenApiParameter("transports", bool, description="Desservi par les transports en commun."),
    OpenApiParameter("collectif", bool, description="Chantier collectif."),
    OpenApiParameter("mesure", str, enum=MeasureType.values, description="TIG ou TNR."),
    OpenApiParameter("tri", str, enum=SearchOrder.values, description="Ordre des résultats (distance par défaut)."),
    *PAGE_PARAMETERS,
]


class PostSearch(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="postes_recherche",
        summary="Rechercher des postes",
        description=(
            "La recherche du site : autour d'une commune (`lieu`, `rayon`) ou dans tout un département "
            "(`departement`), avec les mêmes filtres. Les postes proposés dans la recherche que le compte de la clé "
            "peut voir ; les plus proches d'abord autour d'une commune."
        ),
        parameters=SEARCH_PARAMETERS,
        responses={200: serializers.SearchSerializer, **ERRORS},
        tags=["Postes"],
    )
    def get(self, request: Request) -> Response:
        number, per_page = _page_numbers(request)
        form = SearchForm(request.query_params)
        if not form.is_requested:
            raise exceptions.ValidationError({"lieu": ["Indiquez une commune (lieu) ou un département (departement)."]})
        if not form.is_valid():
            raise exceptions.ValidationError(
                {name: [str(message) for message in messages] for name, messages in form.errors.items()}
            )
        results = run_search(_user(request), form.criteria(), number, per_page)
        pages = results.page.paginator.num_pages if results.total else 0
        hits = list(serializers.ResultSerializer(results.hits, many=True).data)
        return Response(_paged(request, number, results.total, pages, hits))


class PostDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="postes_fiche",
        summary="La fiche d'un poste",
        description="Un poste que le compte peut ouvrir sur le site ; sinon 404. La consultation est journalisée.",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="Identifiant du poste.")],
        responses={200: serializers.PostSerializer, **ERRORS},
        tags=["Postes"],
    )
    def get(self, request: Request, pk: int) -> Response:
        post = get_object_or_404(
            Post.objects.visible_to(_user(request)).select_related("organisation", "commune"), pk=pk
        )
        record_read(_user(request), post, "API")
        tutors = (
            list(post.tutors.order_by("last_name", "first_name"))
            if post_perms.can_see_tutor_contacts(_user(request), post)
            else None
        )
        context = {"request": request, "tutors": tutors}
        return Response(serializers.PostSerializer(post, context=context).data)


class OrganisationList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="structures_liste",
        summary="Les structures d'accueil",
        description=(
            "La liste du site : toutes pour l'ATIGIP, celles de leurs départements pour les référents, les leurs "
            "pour les structures ; refusée aux autres rôles (403), qui ouvrent une structure par son identifiant."
        ),
        parameters=[
            OpenApiParameter("departement", str, description="Code du département."),
            *PAGE_PARAMETERS,
        ],
        responses={200: serializers.OrganisationPageSerializer, 403: ERRORS[401], **ERRORS},
        tags=["Structures d'accueil"],
    )
    def get(self, request: Request) -> Response:
        if not organisation_perms.can_list_organisations(_user(request)):
            raise exceptions.PermissionDenied("Votre compte n'a pas la liste des structures d'accueil.")
        number, per_page = _page_numbers(request)
        organisations = (
            _with_partner(Organisation.objects.listed_for(_user(request)))
            .select_related("commune")
            .order_by("name", "id")
        )
        code = request.query_params.get("departement", "")
        if code:
            organisations = organisations.filter(commune__departement_id=code[:3])
        paginator = Paginator(organisations, per_page)
        try:
            page = paginator.page(number)
        except EmptyPage:
            raise exceptions.NotFound("Cette page n'existe pas.") from None
        rows = list(serializers.OrganisationSerializer(page.object_list, many=True).data)
        return Response(_paged(request, number, paginator.count, paginator.num_pages if paginator.count else 0, rows))


def _with_partner(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """« partenaire_national » (v1): the organisation is in a national partner's network."""
    return organisations.annotate(national_partner=Exists(Branch.objects.filter(organisation=OuterRef("pk"))))


class OrganisationDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="structures_fiche",
        summary="Une structure d'accueil",
        description="Une structure que le compte peut ouvrir sur le site ; sinon 404. La consultation est journalisée.",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="Identifiant de la structure.")],
        responses={200: serializers.OrganisationDetailSerializer, **ERRORS},
        tags=["Structures d'accueil"],
    )
    def get(self, request: Request, pk: int) -> Response:
        organisation = get_object_or_404(
            _with_partner(Organisation.objects.visible_to(_user(request))).select_related("commune"), pk=pk
        )
        record_read(_user(request), organisation, "API")
        return Response(serializers.OrganisationDetailSerializer(organisation).data)


class CommuneList(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="communes_recherche",
        summary="Trouver une commune",
        description="Les communes dont le nom ou le code postal commence ainsi, les plus peuplées d'abord (10 au plus). Sans clé.",
        parameters=[OpenApiParameter("q", str, required=True, description="Au moins deux caractères.")],
        responses={200: serializers.CommuneSerializer(many=True), **ERRORS},
        tags=["Référentiel"],
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.get("q", "").strip()
        if len(query) < 2 or len(query) > 100:
            raise exceptions.ValidationError({"q": ["Tapez de 2 à 100 caractères."]})
        communes = Commune.objects.matching(query)
        return Response(serializers.CommuneSerializer(communes, many=True).data)


class CommuneDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="communes_fiche",
        summary="Une commune, par son code INSEE",
        responses={200: serializers.CommuneSerializer, **ERRORS},
        tags=["Référentiel"],
    )
    def get(self, request: Request, code: str) -> Response:
        commune = get_object_or_404(Commune.objects.all(), code=code.upper())
        return Response(serializers.CommuneSerializer(commune).data)


class Statistics(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="statistiques",
        summary="Les chiffres clés",
        description=(
            "Les chiffres publics du dernier relevé quotidien, pour la France et chaque département (ceux de la page "
            "/donnees/). Sans clé. Licence Ouverte 2.0."
        ),
        parameters=[OpenApiParameter("departement", str, description="Un département seulement, par son code.")],
        responses={200: serializers.StatisticsSerializer, **ERRORS},
        tags=["Statistiques"],
    )
    def get(self, request: Request) -> Response:
        code = request.query_params.get("departement", "")
        figures = public_figures(code or None)
        if figures is None:
            raise exceptions.NotFound("Ce département n'existe pas.")
        return Response(figures)


class Quarters(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="statistiques_trimestres",
        summary="Les jeux de données trimestriels",
        description="Chaque trimestre relevé, et l'adresse stable de son fichier CSV. Sans clé.",
        responses={200: serializers.QuarterSerializer(many=True), **ERRORS},
        tags=["Statistiques"],
    )
    def get(self, request: Request) -> Response:
        rows = [
            {
                "trimestre": quarter.label,
                "date_releve": quarter.day,
                "fichier": request.build_absolute_uri(opendata.quarter_url(quarter)),
            }
            for quarter in opendata.quarters()
        ]
        return Response(serializers.QuarterSerializer(rows, many=True).data)
