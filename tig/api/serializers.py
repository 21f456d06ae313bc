"""What the API answers, field by field (the OpenAPI schema is read from here). Field names are
French, like the site's query parameters: the API's users are French administrations."""

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from tig.posts.enums import ActivityDomain
from tig.posts.models import Post
from tig.posts.search import Hit


class CommuneSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="Code INSEE.")
    nom = serializers.CharField(source="name")
    departement = serializers.CharField(source="departement_id", help_text="Code du département.")
    codes_postaux = serializers.CharField(source="postal_codes_display")
    population = serializers.IntegerField()
    latitude = serializers.FloatField(source="lat", allow_null=True)
    longitude = serializers.FloatField(source="lon", allow_null=True)


class ResultSerializer(serializers.Serializer[Any]):
    """A result of the search: what the site's list shows of it."""

    id = serializers.IntegerField(source="post.pk")
    intitule = serializers.CharField(source="post.title")
    domaine = serializers.ChoiceField(source="post.domain", choices=ActivityDomain.choices)
    domaine_libelle = serializers.SerializerMethodField()
    structure = serializers.CharField(source="post.organisation_name")
    commune = serializers.CharField(source="post.commune_name")
    departement = serializers.CharField(source="post.departement_code")
    distance_km = serializers.FloatField(allow_null=True, help_text="Autour d'une commune seulement.")
    places_offertes = serializers.IntegerField(source="post.places_offered")
    places_disponibles = serializers.IntegerField(source="post.places_available")
    tig = serializers.BooleanField(source="post.accepts_tig")
    tnr = serializers.BooleanField(source="post.accepts_tnr")
    week_end = serializers.BooleanField(source="post.open_on_weekends")
    mineurs = serializers.BooleanField(source="post.minors_allowed")
    accessible_pmr = serializers.BooleanField(source="post.pmr_accessible")
    transports_en_commun = serializers.BooleanField(source="post.public_transport")
    chantier_collectif = serializers.BooleanField(source="post.collective")

    def get_domaine_libelle(self, hit: Hit) -> str:
        return ActivityDomain(hit.post.domain).label

    def to_representation(self, instance: Hit) -> dict[str, Any]:
        """Written out, not field by field: the search's page is the API's busiest answer, and
        DRF's generic path cost as much as the search itself. A test checks that it gives exactly
        the fields declared above (the schema's)."""
        post = instance.post
        return {
            "id": post.pk,
            "intitule": post.title,
            "domaine": post.domain,
            "domaine_libelle": DOMAIN_LABELS[post.domain],
            "structure": post.organisation_name,
            "commune": post.commune_name,
            "departement": post.departement_code,
            "distance_km": None if instance.distance_km is None else round(instance.distance_km, 1),
            "places_offertes": post.places_offered,
            "places_disponibles": post.places_available,
            "tig": post.accepts_tig,
            "tnr": post.accepts_tnr,
            "week_end": post.open_on_weekends,
            "mineurs": post.minors_allowed,
            "accessible_pmr": post.pmr_accessible,
            "transports_en_commun": post.public_transport,
            "chantier_collectif": post.collective,
        }


DOMAIN_LABELS = dict(ActivityDomain.choices)


class PageSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField(help_text="Nombre de résultats en tout.")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    suivante = serializers.CharField(allow_null=True, help_text="Adresse de la page suivante.")
    precedente = serializers.CharField(allow_null=True)


class SearchSerializer(PageSerializer):
    resultats = ResultSerializer(many=True)


class TutorSerializer(serializers.Serializer[Any]):
    prenom = serializers.CharField(source="first_name")
    nom = serializers.CharField(source="last_name")
    email = serializers.EmailField()
    telephone = serializers.CharField(source="phone")


class OrganisationRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    nom = serializers.CharField(source="name")


class PostSerializer(serializers.Serializer[Any]):
    """A post sheet, as the account sees it on the site: the tutors only for those who arrange
    placements (SPIP, referents, the post's own organisation), else null."""

    id = serializers.IntegerField(source="pk")
    intitule = serializers.CharField(source="title")
    domaine = serializers.ChoiceField(source="domain", choices=ActivityDomain.choices)
    domaine_libelle = serializers.CharField(source="get_domain_display")
    taches = serializers.CharField(source="tasks")
    structure = OrganisationRefSerializer(source="organisation")
    adresse = serializers.CharField(source="site_address")
    commune = CommuneSerializer()
    latitude = serializers.FloatField(source="lat")
    longitude = serializers.FloatField(source="lon")
    places_offertes = serializers.IntegerField(source="places_offered")
    places_disponibles = serializers.IntegerField(source="places_available")
    horaires = serializers.DictField(
        source="schedule",
        child=serializers.DictField(child=serializers.CharField()),
        help_text="Par jour travaillé (mon, tue, … sun) : début et fin (« 08:30 »).",
    )
    precisions_horaires = serializers.CharField(source="schedule_notes")
    tig = serializers.BooleanField(source="accepts_tig")
    tnr = serializers.BooleanField(source="accepts_tnr")
    week_end = serializers.BooleanField(source="open_on_weekends")
    mineurs = serializers.BooleanField(source="minors_allowed")
    accessible_pmr = serializers.BooleanField(source="pmr_accessible")
    transports_en_commun = serializers.BooleanField(source="public_transport")
    chantier_collectif = serializers.BooleanField(source="collective")
    permis_exige = serializers.BooleanField(source="driving_licence_required")
    effort_physique = serializers.CharField(source="get_physical_effort_display")
    dans_la_recherche = serializers.BooleanField(source="listed", help_text="Proposé dans la recherche.")
    derniere_confirmation = serializers.DateTimeField(source="last_confirmed_at")
    tuteurs = serializers.SerializerMethodField()
    fiche = serializers.SerializerMethodField(help_text="La fiche du poste sur le site.")

    def get_tuteurs(self, post: Post) -> list[dict[str, Any]] | None:
        tutors = self.context.get("tutors")
        return None if tutors is None else list(TutorSerializer(tutors, many=True).data)

    def get_fiche(self, post: Post) -> str:
        return str(self.context["request"].build_absolute_uri(reverse("posts:detail", args=[post.pk])))


class OrganisationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    nom = serializers.CharField(source="name")
    siret = serializers.CharField()
    statut_juridique = serializers.CharField(source="legal_type")
    statut_juridique_libelle = serializers.CharField(source="get_legal_type_display")
    adresse = serializers.CharField(source="address")
    commune = serializers.CharField(source="commune.name")
    departement = serializers.CharField(source="commune.departement_id")
    partenaire_national = serializers.BooleanField(
        source="national_partner", help_text="La structure fait partie du réseau d'un partenaire national de l'ATIGIP."
    )


class OrganisationDetailSerializer(OrganisationSerializer):
    email = serializers.EmailField(allow_null=True, help_text="Adresse de contact de la structure, s'il y en a une.")
    telephone = serializers.CharField(source="phone", allow_null=True)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        return dict(data) | {name: data[name] or None for name in ("email", "telephone")}


class OrganisationPageSerializer(PageSerializer):
    resultats = OrganisationSerializer(many=True)


class IndicatorSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    libelle = serializers.CharField()
    definition = serializers.CharField()


class TerritorySerializer(serializers.Serializer[Any]):
    niveau = serializers.CharField(help_text="national ou departement.")
    code = serializers.CharField()
    nom = serializers.CharField()
    valeurs = serializers.DictField(child=serializers.FloatField(), help_text="Par code d'indicateur.")
    mesures = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        required=False,
        help_text=(
            "Les mesures du territoire (à affecter, en cours, exécutées et non exécutées sur un an), par code "
            "d'indicateur, sous secret statistique : null quand le nombre est secret (de 1 à 10, ou ce qui permettrait "
            "de le retrouver). Absent quand le suivi des mesures n'est pas ouvert."
        ),
    )


class StatisticsSerializer(serializers.Serializer[Any]):
    date = serializers.DateField(allow_null=True, help_text="Jour du relevé.")
    # A field named like Field.source: DRF's metaclass takes it out of the class attributes.
    source = serializers.CharField()  # type: ignore[assignment]
    licence = serializers.CharField()
    indicateurs = IndicatorSerializer(many=True)
    territoires = TerritorySerializer(many=True)


class QuarterSerializer(serializers.Serializer[Any]):
    trimestre = serializers.CharField()
    date_releve = serializers.DateField()
    fichier = serializers.CharField(help_text="Le jeu de données du trimestre (CSV).")


class ErrorSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    erreur = serializers.CharField(help_text="Le message, en français.")
    champs = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False, help_text="Par paramètre."
    )
