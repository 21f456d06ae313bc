"""Demo data: the four pilot sites (Dijon, Mâcon, Lille, Béthune), their justice services,
realistic host organisations with more than 300 posts, and one account per role.

Idempotent: accounts and organisations are matched by e-mail and SIRET, and an
organisation that already has posts gets no more. Refused in production.
"""

import random
from datetime import date, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tig.accounts.enums import MagistrateFunction, Role, ServiceKind
from tig.accounts.models import Service, User
from tig.api.models import ApiToken, digest
from tig.audit.recording import acting_as
from tig.collective import services as collective
from tig.collective.models import Enrolment
from tig.core.dates import add_months
from tig.habilitations.clock import validity_end
from tig.habilitations.enums import (
    HABILITATION_YEARS,
    REQUIRED_DOCUMENTS,
    Audience,
    DossierKind,
    DossierStatus,
    EventAction,
    PersonRole,
)
from tig.habilitations.models import Document, Dossier, Event, Person, PrefectureContact
from tig.measures.enums import ConsentMode, MeasureKind, MeasureStatus
from tig.measures.models import Attendance, Measure, Placement, PlacementProposal
from tig.network import services as network
from tig.network.enums import EventKind
from tig.network.models import Event as NetworkEvent
from tig.network.models import Participation
from tig.organisations.enums import LegalType, MembershipRole
from tig.organisations.models import Membership, Organisation
from tig.organisations.validators import LA_POSTE_SIREN
from tig.partnerships import services as partnerships
from tig.partnerships.enums import ActionKind, PartnerKind, Renewal
from tig.partnerships.models import Agreement, Coordinator, Partner
from tig.posts import services as post_services
from tig.posts.enums import ActivityDomain as D
from tig.posts.enums import PhysicalEffort, PostStatus, Registration
from tig.posts.generation import jitter, luhn_siret, random_post
from tig.posts.models import Post, PostRevision, Session
from tig.posts.tutors import tutor_memberships
from tig.prospecting import services as prospecting
from tig.prospecting.enums import InteractionKind, ObjectiveMetric, Source, Stage, TargetKind
from tig.prospecting.models import Contact, Interaction, Objective, StageChange, Target
from tig.prospecting.register import load_reference
from tig.stats.backfill import backfill
from tig.stats.tasks import take_snapshot
from tig.territories.enums import CommuneKind, DirectorateKind
from tig.territories.geo import haversine_km
from tig.territories.models import Commune, Departement, Directorate
from tig.training import invitations as training_invitations
from tig.training import learning
from tig.training import services as training
from tig.training import starter as training_starter
from tig.training.models import Course

DEMO_PASSWORD = "Demo-TIG-2026"
# The referents' prospecting: (town hall's INSEE code, stage, days since the call, next step,
# days until it (negative: overdue), referent).
DEMO_PROSPECTS = [
    ("21038", Stage.MEETING, 12, "Rencontrer le maire et le DGS", 6, "referent.bourgogne"),
    ("21292", Stage.CONTACTED, 20, "Rappeler le secrétariat", -3, "referent.bourgogne"),
    ("71306", Stage.INTERESTED, 8, "Envoyer le formulaire d'inscription", 2, "referent.bourgogne"),
    ("59599", Stage.CONTACTED, 15, "Présenter le TIG en conseil municipal", 10, "referent.nord"),
    ("62498", Stage.MEETING, 30, "Relancer après la réunion", -5, "referent.nord"),
]
# The town hall invited to sign up three weeks ago that has not answered (Longvic).
DEMO_INVITED = "21355"
DEMO_API_KEY = "tig_demonstration-avocat-dijon"
DOMAIN = "demo.tig.test"

PUBLIC = [
    D.GREEN_SPACES,
    D.BUILDING_MAINTENANCE,
    D.CLEANLINESS,
    D.ADMINISTRATIVE,
    D.CULTURE_SPORT,
    D.HERITAGE,
    D.CATERING,
]
HOUSING = [D.BUILDING_MAINTENANCE, D.CLEANLINESS, D.GREEN_SPACES]
SOLIDARITY = [D.SOLIDARITY, D.HELP_TO_PEOPLE, D.CATERING, D.ADMINISTRATIVE]
ENVIRONMENT = [D.ENVIRONMENT, D.GREEN_SPACES, D.ANIMALS]
HEALTH = [D.HELP_TO_PEOPLE, D.CATERING, D.ADMINISTRATIVE, D.BUILDING_MAINTENANCE]

# (name, legal type, commune INSEE code, street address, number of posts, domains)
PILOT_SITES = {
    "21": {
        "tribunal": ("Tribunal judiciaire de Dijon", "21231"),
        "organisations": [
            ("Ville de Dijon", LegalType.COLLECTIVITE, "21231", "Place de la Libération", 38, PUBLIC),
            ("Dijon Métropole", LegalType.ETABLISSEMENT_PUBLIC, "21231", "40 avenue du Drapeau", 20, PUBLIC),
            ("Ville de Chenôve", LegalType.COLLECTIVITE, "21166", "1 place Pierre-Meunier", 12, PUBLIC),
            ("Ville de Talant", LegalType.COLLECTIVITE, "21617", "Place du Onze-Novembre", 8, PUBLIC),
            ("Ville de Quetigny", LegalType.COLLECTIVITE, "21515", "Place Théodore-Monod", 8, PUBLIC),
            (
                "Office public de l'habitat de la métropole dijonnaise",
                LegalType.ETABLISSEMENT_PUBLIC,
                "21231",
                "2 rue Jean-Renaud",
                12,
                HOUSING,
            ),
            (
                "Épicerie solidaire des Grésilles",
                LegalType.ASSOCIATION,
                "21231",
                "12 rue Jean-XXIII",
                8,
                SOLIDARITY,
            ),
            ("Recyclerie dijonnaise", LegalType.ESS, "21171", "5 rue de Mayence", 8, ENVIRONMENT),
        ],
    },
    "71": {
        "tribunal": ("Tribunal judiciaire de Mâcon", "71270"),
        "organisations": [
            ("Ville de Mâcon", LegalType.COLLECTIVITE, "71270", "Place Saint-Pierre", 28, PUBLIC),
            (
                "Mâconnais Beaujolais Agglomération",
                LegalType.ETABLISSEMENT_PUBLIC,
                "71270",
                "67 esplanade du Breuil",
                12,
                PUBLIC,
            ),
            ("Ville de Charnay-lès-Mâcon", LegalType.COLLECTIVITE, "71105", "Place de la Mairie", 8, PUBLIC),
            (
                "Centre hospitalier de Mâcon",
                LegalType.ETABLISSEMENT_PUBLIC,
                "71270",
                "350 boulevard Louis-Escande",
                8,
                HEALTH,
            ),
            (
                "Ressourcerie du Mâconnais",
                LegalType.ASSOCIATION,
                "71270",
                "22 rue des Épinoches",
                8,
                ENVIRONMENT,
            ),
        ],
    },
    "59": {
        "tribunal": ("Tribunal judiciaire de Lille", "59350"),
        "organisations": [
            ("Ville de Lille", LegalType.COLLECTIVITE, "59350", "Place Augustin-Laurent", 38, PUBLIC),
            (
                "Métropole européenne de Lille",
                LegalType.ETABLISSEMENT_PUBLIC,
                "59350",
                "2 boulevard des Cités-Unies",
                20,
                PUBLIC,
            ),
            ("Ville de Roubaix", LegalType.COLLECTIVITE, "59512", "17 Grand-Place", 14, PUBLIC),
            (
                "Ville de Villeneuve-d'Ascq",
                LegalType.COLLECTIVITE,
                "59009",
                "Place Salvador-Allende",
                10,
                PUBLIC,
            ),
            (
                "Centre communal d'action sociale de Lille",
                LegalType.ETABLISSEMENT_PUBLIC,
                "59350",
                "10 rue Saint-Genois",
                10,
                SOLIDARITY,
            ),
            (
                "Office public de l'habitat de la métropole lilloise",
                LegalType.ETABLISSEMENT_PUBLIC,
                "59350",
                "425 boulevard Gustave-Delory",
                12,
                HOUSING,
            ),
            (
                "Jardins partagés de Wazemmes",
                LegalType.ASSOCIATION,
                "59350",
                "8 rue des Sarrazins",
                6,
                ENVIRONMENT,
            ),
        ],
    },
    "62": {
        "tribunal": ("Tribunal judiciaire de Béthune", "62119"),
        "organisations": [
            ("Ville de Béthune", LegalType.COLLECTIVITE, "62119", "Place Georges-Clemenceau", 24, PUBLIC),
            (
                "Communauté d'agglomération Béthune-Bruay",
                LegalType.ETABLISSEMENT_PUBLIC,
                "62119",
                "100 avenue de Londres",
                12,
                PUBLIC,
            ),
            ("Ville de Bruay-la-Buissière", LegalType.COLLECTIVITE, "62178", "Place Henri-Cadot", 10, PUBLIC),
            ("Ville de Beuvry", LegalType.COLLECTIVITE, "62126", "Place de la République", 6, PUBLIC),
            ("Restos solidaires de l'Artois", LegalType.ASSOCIATION, "62119", "14 rue d'Aire", 8, SOLIDARITY),
        ],
    },
}

# (e-mail local part, first name, last name, role, extra fields); services are named by département.
ACCOUNTS = [
    ("admin", "Claire", "Martin", Role.NATIONAL_ADMIN, {"is_staff": True, "is_superuser": True}),
    ("referent.bourgogne", "Julien", "Moreau", Role.REFERENT, {"departements": ["21", "71"]}),
    ("referent.nord", "Sophie", "Lefebvre", Role.REFERENT, {"departements": ["59", "62"]}),
    ("dspip.dijon", "Nathalie", "Girard", Role.SPIP_DIRECTOR, {"spip": "21"}),
    ("cpip.dijon", "Karim", "Benali", Role.PROBATION_OFFICER, {"spip": "21"}),
    ("cpip.macon", "Élodie", "Perrin", Role.PROBATION_OFFICER, {"spip": "71"}),
    ("cpip.lille", "Thomas", "Dubois", Role.PROBATION_OFFICER, {"spip": "59"}),
    ("cpip.bethune", "Amandine", "Caron", Role.PROBATION_OFFICER, {"spip": "62"}),
    (
        "jap.dijon",
        "François",
        "Lambert",
        Role.MAGISTRATE,
        {"tribunal": "21", "function": MagistrateFunction.JAP},
    ),
    (
        "parquet.dijon",
        "Isabelle",
        "Rousseau",
        Role.MAGISTRATE,
        {"tribunal": "21", "function": MagistrateFunction.PROSECUTOR},
    ),
    (
        "juge.macon",
        "Philippe",
        "Fontaine",
        Role.MAGISTRATE,
        {"tribunal": "71", "function": MagistrateFunction.TRIAL_JUDGE},
    ),
    (
        "greffe.bethune",
        "Sandrine",
        "Leroy",
        Role.MAGISTRATE,
        {"tribunal": "62", "function": MagistrateFunction.CLERK},
    ),
    ("dtpjj.dijon", "Hélène", "Marchand", Role.PJJ_DIRECTOR, {"pjj": "21"}),
    ("avocat", "Mehdi", "Haddad", Role.LAWYER, {"bar": "Dijon"}),
    ("coordination.hlm", "Agnès", "Delmas", Role.PARTNER_COORDINATOR, {}),
    (
        "recyclerie.dijon",
        "Bruno",
        "Garnier",
        Role.HOST_STAFF,
        {"organisation": "Recyclerie du Grand Dijon", "membership": MembershipRole.ADMIN},
    ),
    (
        "mairie.dijon",
        "Laurence",
        "Bernard",
        Role.HOST_STAFF,
        {"organisation": "Ville de Dijon", "membership": MembershipRole.ADMIN},
    ),
    (
        "tuteur.dijon",
        "Pascal",
        "Renaud",
        Role.HOST_STAFF,
        {"organisation": "Ville de Dijon", "membership": MembershipRole.TUTOR},
    ),
    (
        "asso.lille",
        "Camille",
        "Petit",
        Role.HOST_STAFF,
        {"organisation": "Jardins partagés de Wazemmes", "membership": MembershipRole.ADMIN},
    ),
]


DEMO_LOCAL_COURSE_TITLE = "Accueillir en Côte-d'Or : vos contacts et vos chantiers"
DEMO_LOCAL_COURSE = "accueillir-en-cote-dor-vos-contacts-et-vos-chantiers"
DEMO_WORKSITE = "Chantier collectif : rénovation des vestiaires du stade Gaston-Gérard"

# A one-page PDF, enough for the demonstration's documents.
DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def habilitate(organisation: Organisation, rng: random.Random) -> None:
    """The habilitations granted on paper before the platform, for adults and for minors."""
    granted_on = timezone.localdate() - timedelta(days=rng.randint(60, 1400))
    for audience in Audience:
        Dossier.objects.create(
            kind=DossierKind.HABILITATION,
            organisation=organisation,
            departement_id=organisation.commune.departement_id,
            audience=audience,
            status=DossierStatus.GRANTED,
            presentation="Habilitation reprise de la procédure papier.",
            decided_at=timezone.now() - (timezone.localdate() - granted_on),
            decision_reason="Habilitation accordée avant la mise en service de la plateforme.",
            valid_from=granted_on,
            valid_until=validity_end(granted_on, HABILITATION_YEARS),
        )


DEMO_DIRECTORATES = [
    (
        DirectorateKind.DISP,
        "demo-disp-e",
        "DISP Est (démonstration)",
        ["21", "71", "25", "39", "58", "70", "89", "90"],
    ),
    (DirectorateKind.DISP, "demo-disp-n", "DISP Nord (démonstration)", ["59", "62", "02", "60", "80"]),
    (DirectorateKind.DIRPJJ, "demo-dirpjj", "DIR-PJJ Nord-Est (démonstration)", ["21", "71", "59", "62"]),
]


def _scope(scope: dict) -> dict:
    """set_objective's keywords as the model's lookups."""
    return {"departement_id": scope["departement_code"]} if "departement_code" in scope else scope


class Command(BaseCommand):
    help = "Charge les données de démonstration : sites pilotes, structures, postes et comptes de chaque rôle."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Les données de démonstration ne se chargent pas en production.")
        if not Commune.objects.filter(code="21231").exists():
            raise CommandError("Chargez d'abord le référentiel géographique : manage.py load_territories")
        rng = random.Random(2019)  # the year of the Dijon pilot: same data on every machine
        with acting_as("commande load_demo"), transaction.atomic():
            services = self.load_services()
            self.load_ressorts(services)
            organisations = self.load_organisations(rng)
            organisations["Recyclerie du Grand Dijon"] = self.load_applicant(rng)
            self.load_accounts(services, organisations)
            self.assign_tutors(organisations)
            self.load_files_in_progress(organisations, services)
            self.load_revision(organisations)
            self.load_measures(services)
            self.load_api_key()
            self.load_directorates()
            self.load_prospecting(organisations)
            self.load_followup(organisations)
            self.load_partnerships(rng, organisations)
            self.load_network()
            self.load_training()
            self.load_worksite(organisations)
        # Figures dated the end of the last quarter, then today's, so that the statistics page has a
        # history to chart (the demo's data are loaded at once: the two are alike).
        today = timezone.localdate()
        take_snapshot.call(
            day=(today.replace(day=1, month=(today.month - 1) // 3 * 3 + 1) - timedelta(days=1)).isoformat()
        )
        take_snapshot.call()
        backfill(today - timedelta(days=2 * 365))  # the past quarters' files and measures
        with acting_as("commande load_demo"), transaction.atomic():
            self.load_objectives()  # measured from today's snapshot
        self.stdout.write(
            self.style.SUCCESS(
                f"Démonstration : {Organisation.objects.count()} structures, {Post.objects.count()} postes, "
                f"{User.objects.count()} comptes (mot de passe commun : {DEMO_PASSWORD})."
            )
        )

    def load_prospecting(self, organisations: dict[str, Organisation]) -> None:
        """The referents' prospecting: the town halls the demo's towns are linked to (their stage
        follows their posts), and a pipeline per referent, one next step overdue."""
        if not Target.objects.filter(source=Source.REFERENCE).exists():
            load_reference()
        for name, organisation in organisations.items():
            if not name.startswith("Ville de ") or Target.objects.filter(organisation=organisation).exists():
                continue
            hall = Target.objects.filter(
                reference_code=f"mairie-{organisation.commune.code}", organisation__isnull=True
            ).first()
            if hall is not None:
                hall.organisation = organisation
                hall.save()
                prospecting.catch_up(hall)
        today = timezone.localdate()
        for code, stage, days_ago, step, step_in, local in DEMO_PROSPECTS:
            target = Target.objects.filter(reference_code=f"mairie-{code}").first()
            if target is None or target.stage_changes.exists():
                continue
            referent = User.objects.get(email=f"{local}@{DOMAIN}")
            when = timezone.now() - timedelta(days=days_ago)
            Interaction.objects.create(
                target=target,
                kind=InteractionKind.CALL,
                happened_on=today - timedelta(days=days_ago),
                summary="Appel au secrétariat général : présentation du TIG, envoi de la plaquette.",
                by=referent,
            )
            StageChange.objects.create(target=target, from_stage=Stage.TO_CONTACT, to_stage=stage, by=referent, at=when)
            target.stage, target.stage_changed_at, target.assigned_to = stage, when, referent
            target.next_step, target.next_step_on = step, today + timedelta(days=step_in)
            target.last_activity_at = when
            target.save()
            Contact.objects.get_or_create(
                target=target, name="Secrétariat général", defaults={"function": "Accueil de la mairie"}
            )
        # An invitation to sign up left unanswered for three weeks: « À relancer », and sent again once.
        invited = Target.objects.filter(reference_code=f"mairie-{DEMO_INVITED}", invited_at__isnull=True).first()
        if invited is not None and not invited.stage_changes.exists():
            referent = User.objects.get(email=f"referent.bourgogne@{DOMAIN}")
            when = timezone.now() - timedelta(days=21)
            StageChange.objects.create(
                target=invited, from_stage=Stage.TO_CONTACT, to_stage=Stage.CONTACTED, by=referent, at=when
            )
            Interaction.objects.create(
                target=invited,
                kind=InteractionKind.EMAIL,
                happened_on=today - timedelta(days=21),
                summary=f"Invitation à inscrire la structure envoyée à mairie@{DOMAIN}.",
                by=referent,
            )
            invited.stage, invited.stage_changed_at, invited.assigned_to = Stage.CONTACTED, when, referent
            invited.invited_email, invited.invited_at, invited.last_activity_at = f"mairie@{DOMAIN}", when, when
            invited.next_step, invited.next_step_on = (
                "Appeler le secrétariat si rien ne vient",
                today + timedelta(days=4),
            )
            invited.save()
        dijon = Commune.objects.get(code="21231")
        Target.objects.get_or_create(
            name="Habitat social de Côte-d'Or (démonstration)",
            commune=dijon,
            defaults={
                "kind": TargetKind.SOCIAL_HOUSING,
                "source": Source.IMPORT,
                "departement_id": dijon.departement_id,
                "address": "12 boulevard de la Marne",
                "email": f"contact@habitat-cote-dor.{DOMAIN}",
            },
        )

    def load_followup(self, organisations: dict[str, Organisation]) -> None:
        """What the Burgundy referent has to chase (P9): a post of Talant unconfirmed for eleven
        months, and the Recyclerie's posts in search for ten months without anyone hosted."""
        now = timezone.now()
        talant = Post.objects.filter(organisation=organisations["Ville de Talant"]).order_by("pk").first()
        if talant is not None:
            Post.objects.filter(pk=talant.pk).update(last_confirmed_at=now - timedelta(days=340))
        Post.objects.filter(organisation=organisations["Recyclerie dijonnaise"]).update(
            registered_on=timezone.localdate() - timedelta(days=300)
        )

    def load_objectives(self) -> None:
        """The agency's objectives of the year: the two Burgundy départements, the Nord, and the
        Burgundy referent's own (P10)."""
        admin = User.objects.get(email=f"admin@{DOMAIN}")
        year = timezone.localdate().year
        referent = User.objects.get(email=f"referent.bourgogne@{DOMAIN}")
        for metric, target, scope in (
            (ObjectiveMetric.POSTS, 40, {"departement_code": "21"}),
            (ObjectiveMetric.PLACES, 90, {"departement_code": "21"}),
            (ObjectiveMetric.DOMAINS, 8, {"departement_code": "21"}),
            (ObjectiveMetric.POSTS, 30, {"departement_code": "71"}),
            (ObjectiveMetric.POSTS, 60, {"departement_code": "59"}),
            (ObjectiveMetric.NEW_HOSTS, 5, {"referent": referent}),
        ):
            if not Objective.objects.filter(year=year, metric=metric, **_scope(scope)).exists():
                prospecting.set_objective(admin, year=year, metric=metric, target=target, **scope)

    def load_partnerships(self, rng: random.Random, organisations: dict[str, Organisation]) -> None:
        """Two national partners (their agreements and figures are the demo's own): the social-housing
        bodies' union, whose network holds the two offices by hand and whose coordinator reads its
        figures; La Poste, whose Dijon establishment joined its network by the SIREN, and whose
        agreement expires within the notice period (the agency's alert)."""
        if Partner.objects.exists():
            return
        admin = User.objects.get(email=f"admin@{DOMAIN}")
        today = timezone.localdate()
        hlm = Partner(
            name="Union sociale pour l'habitat",
            kind=PartnerKind.SOCIAL_HOUSING,
            description="Fédération des organismes HLM (données de démonstration).",
        )
        partnerships.save_partner(admin, hlm)
        for agreement in (
            Agreement(
                partner=hlm,
                title="Accord-cadre pour le développement du TIG dans le logement social",
                signed_on=date(2019, 11, 12),
                starts_on=date(2019, 11, 12),
                ends_on=date(2024, 11, 11),
                renewal=Renewal.AMENDMENT,
            ),
            Agreement(
                partner=hlm,
                title="Convention d'objectifs 2024-2029",
                signed_on=date(2024, 11, 20),
                starts_on=date(2024, 11, 20),
                ends_on=date(2029, 11, 19),
                renewal=Renewal.AMENDMENT,
                target_posts=1500,
                target_places=2500,
                objectives="Proposer des postes de TIG dans chaque organisme HLM volontaire, "
                "en priorité l'entretien des espaces verts et des parties communes.",
                agency_commitments="Mettre la plateforme TIG à disposition des organismes\n"
                "Accompagner les organismes par les référents territoriaux",
                partner_commitments="Diffuser la convention à ses fédérations et associations régionales\n"
                "Désigner un correspondant TIG dans chaque organisme volontaire",
            ),
        ):
            agreement.signatories = "La directrice de l'ATIGIP\nLa présidente de l'Union (démonstration)"
            partnerships.save_agreement(admin, agreement)
        for name in (
            "Office public de l'habitat de la métropole dijonnaise",
            "Office public de l'habitat de la métropole lilloise",
        ):
            partnerships.link_organisation(admin, hlm, organisations[name].siret)
        partnerships.set_objective(admin, hlm, Departement.objects.get(code="21"), 20, 30)
        partnerships.set_objective(admin, hlm, Departement.objects.get(code="59"), 25, 40)
        referent = User.objects.get(email=f"referent.bourgogne@{DOMAIN}")
        partnerships.log_action(
            referent,
            hlm,
            {
                "departement": Departement.objects.get(code="21"),
                "kind": ActionKind.EVENT,
                "title": "Réunion d'information des bailleurs sociaux de Côte-d'Or",
                "happened_on": today - timedelta(days=40),
                "participants": 14,
                "notes": "Trois organismes intéressés ; visite du chantier de l'office de Dijon prévue.",
            },
        )
        coordinator = User.objects.get(email=f"coordination.hlm@{DOMAIN}")
        Coordinator.objects.get_or_create(user=coordinator, defaults={"partner": hlm})

        la_poste = Partner(name="La Poste", siren=LA_POSTE_SIREN, kind=PartnerKind.PUBLIC_COMPANY)
        partnerships.save_partner(admin, la_poste)
        partnerships.save_agreement(
            admin,
            Agreement(
                partner=la_poste,
                title="Accord-cadre de partenariat",
                signed_on=today - timedelta(days=3 * 365),
                starts_on=today - timedelta(days=3 * 365),
                ends_on=today + timedelta(days=60),
                renewal=Renewal.AMENDMENT,
                target_posts=300,
                signatories="La directrice de l'ATIGIP\nLe directeur de l'engagement sociétal (démonstration)",
            ),
        )
        # Signed up after the partner: its SIREN brings it into the network by itself.
        office = Organisation.objects.create(
            name="La Poste — Plateforme de distribution du courrier de Dijon",
            siret=LA_POSTE_SIREN + "00010",
            legal_type=LegalType.PRIVE_MISSION_SERVICE_PUBLIC,
            address="10 rue de la Poste",
            commune=Commune.objects.get(code="21231"),
            email=f"tig@laposte-dijon.{DOMAIN}",
        )
        habilitate(office, rng)
        self.create_posts(rng, office, 3, [D.ADMINISTRATIVE, D.BUILDING_MAINTENANCE])
        partnerships.set_objective(admin, la_poste, Departement.objects.get(code="21"), 5, None)

    def load_network(self) -> None:
        """The network's events in Côte-d'Or: a training last month that the Dijon tutor attended,
        and a webinar next month, the members invited, the tutor registered."""
        if NetworkEvent.objects.exists():
            return
        referent = User.objects.get(email=f"referent.bourgogne@{DOMAIN}")
        tutor = User.objects.get(email=f"tuteur.dijon@{DOMAIN}")
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        training = NetworkEvent.objects.create(
            title="Accueillir une personne en TIG : la formation des nouveaux tuteurs",
            kind=EventKind.TRAINING,
            departement_id="21",
            starts_at=now - timedelta(days=30, hours=3),
            ends_at=now - timedelta(days=30),
            place="SPIP de la Côte-d'Or, Dijon",
            capacity=20,
            organiser=referent,
            description="Le cadre du TIG, le premier accueil, les heures, les incidents, qui appeler.",
        )
        Participation.objects.create(
            event=training,
            user=tutor,
            invited_at=training.starts_at - timedelta(days=20),
            registered_at=training.starts_at - timedelta(days=15),
            attended=True,
        )
        webinar = network.create_event(
            referent,
            NetworkEvent(
                title="Webinaire : les chantiers collectifs dans les communes",
                kind=EventKind.WEBINAR,
                departement_id="21",
                starts_at=now + timedelta(days=30),
                ends_at=now + timedelta(days=30, hours=1, minutes=30),
                online_url="https://webinaire.demo.tig.test/chantiers",
                capacity=50,
            ),
        )
        network.invite(referent, webinar)
        network.register(tutor, webinar)

    def load_training(self) -> None:
        """The starter course: the tutors invited (they were made before it), the Dijon tutor
        halfway through its first module, the Dijon administrator through it (an attestation).
        A Côte-d'Or course written by its referent, published by the agency, a new version in
        draft; the Nord referent allowed to write the national courses."""
        version = training_starter.load()
        if Course.objects.filter(slug=DEMO_LOCAL_COURSE).exists():
            return  # loaded already
        for membership in tutor_memberships().select_related("user", "organisation__commune"):
            training_invitations.invite_new_tutor(membership.user, membership.organisation.commune.departement_id)
        tutor = User.objects.get(email=f"tuteur.dijon@{DOMAIN}")
        modules = list(version.modules.order_by("position"))
        for lesson in modules[0].lessons.all():
            training.lesson_done(tutor, lesson)
        admin = User.objects.get(email=f"mairie.dijon@{DOMAIN}")
        training_invitations.invite(admin, [version.course])
        for module in learning.modules(version):
            for lesson in module.lessons.all():
                training.lesson_done(admin, lesson)
            right = {q.pk: frozenset(c.pk for c in q.choices.all() if c.correct) for q in module.questions.all()}
            training.answer_quiz(admin, module, right)
        referent = User.objects.get(email=f"referent.bourgogne@{DOMAIN}")
        agency = User.objects.get(email=f"admin@{DOMAIN}")
        local = training.create_course(
            referent,
            DEMO_LOCAL_COURSE_TITLE,
            "Les interlocuteurs du SPIP de la Côte-d'Or, les postes qui marchent, les gestes de sécurité des "
            "chantiers d'espaces verts. Environ 15 minutes.",
            "21",
        )
        module = training.save_module(referent, local, None, "Vos interlocuteurs en Côte-d'Or", 80)
        training.save_lesson(
            referent,
            module,
            None,
            "Qui appeler",
            5,
            "## Le SPIP de la Côte-d'Or\nLe conseiller nommé sur la décision d'affectation est votre premier "
            "contact.\n\n## Le référent territorial\n- Pour proposer un poste\n- Pour une question sur "
            "l'habilitation",
        )
        training.save_question(
            referent,
            module,
            None,
            "Une absence : qui prévenir en premier ?",
            "Le conseiller du SPIP qui suit la mesure.",
            [("Le conseiller du SPIP", True), ("Le référent territorial", False)],
        )
        assert local.course.slug == DEMO_LOCAL_COURSE
        training.submit(referent, local)
        training.publish(agency, local)
        training.new_version(referent, local.course)
        training.grant_national_authoring(agency, User.objects.get(email=f"referent.nord@{DOMAIN}"))

    def load_worksite(self, organisations) -> None:
        """A collective worksite of the Ville de Dijon: the stadium's changing rooms renovated on
        four Saturdays, six places each, supervised by its tutor and a probation officer."""
        dijon = organisations["Ville de Dijon"]
        admin = User.objects.get(email=f"mairie.dijon@{DOMAIN}")
        if Post.objects.filter(organisation=dijon, title=DEMO_WORKSITE).exists():
            return  # loaded already
        post = Post.objects.create(
            organisation=dijon,
            title=DEMO_WORKSITE,
            domain=D.BUILDING_MAINTENANCE,
            tasks="Poncer et repeindre les vestiaires, réparer les bancs, nettoyer les abords, en groupe de six "
            "avec un encadrant.",
            site_address="Rue du Stade",
            commune=dijon.commune,
            lat=dijon.commune.lat,
            lon=dijon.commune.lon,
            places_offered=6,
            collective=True,
            schedule={"sat": {"start": "08:30", "end": "12:30"}},
            physical_effort=PhysicalEffort.HIGH,
            status=PostStatus.ACTIVE,
            registration=Registration.REGISTERED,
            registered_on=timezone.localdate(),
            places_registered=6,
            host_habilitated=True,
        )
        saturday = timezone.localdate() + timedelta(days=(5 - timezone.localdate().weekday()) % 7 or 7)
        post_services.add_sessions(
            admin, post, saturday, time(8, 30), time(12, 30), 6, "Entrée des vestiaires, rue du Stade", weeks=4
        )
        post_services.set_supervisors(
            admin,
            post,
            [User.objects.get(email=f"tuteur.dijon@{DOMAIN}"), User.objects.get(email=f"cpip.dijon@{DOMAIN}")],
        )
        self.enrol_on_worksite(post)

    def enrol_on_worksite(self, post: Post) -> None:
        """Three people of the Dijon SPIP enrolled by its director on the four Saturdays (each an
        assignment decision), and the Saturday before, which took place: its attendance sheet
        waits for the supervisors (« Chantiers collectifs »)."""
        officer = User.objects.get(email=f"cpip.dijon@{DOMAIN}")
        director = User.objects.get(email=f"dspip.dijon@{DOMAIN}")
        today = timezone.localdate()
        people = []
        for index, (last, first, hours) in enumerate(
            (("Petit", "Nathan", 60), ("Bernard", "Léa", 90), ("Faure", "Hugo", 40))
        ):
            decided = today - timedelta(days=30)
            people.append(
                Measure.objects.create(
                    appi_number=f"21-DEMO-{index + 6:04d}",
                    last_name=last,
                    first_names=first,
                    birth_date=date(1997 + index, 2, 10),
                    residence=post.commune,
                    kind=MeasureKind.TIG,
                    hours_ordered=hours,
                    sentence_date=decided,
                    deadline=add_months(decided, 18),
                    consent_mode=ConsentMode.PRESENT,
                    jap=User.objects.get(email=f"jap.dijon@{DOMAIN}"),
                    service=officer.service,
                    officer=officer,
                )
            )
        first = Session.objects.filter(post=post).order_by("starts_at").first()
        enrolments = collective.enrol(
            director, first, people, whole_series=True, tasks="Poncer et repeindre les vestiaires, en groupe."
        )
        # The Saturday before, made as it was then (the services refuse a session in the past).
        starts = first.starts_at - timedelta(weeks=1)
        past = Session.objects.create(
            post=post,
            starts_at=starts,
            ends_at=first.ends_at - timedelta(weeks=1),
            capacity=6,
            seats_taken=len(people),
            meeting_point=first.meeting_point,
        )
        for placement_id in sorted({enrolment.placement_id for enrolment in enrolments}):
            Enrolment.objects.create(session=past, placement_id=placement_id, enrolled_by=director)
        Placement.objects.filter(post=post).update(decided_at=starts - timedelta(days=3), first_appointment_at=starts)

    def load_directorates(self) -> None:
        """Two interregional directorates, so that the statistics show that level. The real table
        is the agency's to fill in the administration: these are named as a demonstration."""
        for kind, code, name, departements in DEMO_DIRECTORATES:
            directorate, _created = Directorate.objects.update_or_create(
                code=code, defaults={"kind": kind, "name": name}
            )
            directorate.departements.set(Departement.objects.filter(code__in=departements))

    def load_api_key(self) -> None:
        """The lawyer's API key, written in the README so that the API can be tried at once (a
        demonstration only: a real key is random and shown once)."""
        user = User.objects.get(email="avocat@demo.tig.test")
        ApiToken.objects.update_or_create(
            key_digest=digest(DEMO_API_KEY),
            defaults={
                "user": user,
                "name": "Démonstration",
                "hint": DEMO_API_KEY[:10],
                "expires_at": timezone.now() + timedelta(days=365),
                "revoked_at": None,
            },
        )

    def load_ressorts(self, services: dict[tuple[str, str], Service]) -> None:
        """Demonstration areas of two tribunals (approximate: the real ones are the agency's to
        enter): Dijon's, the whole Côte-d'Or; Béthune's, the communes within 25 km of the town."""
        dijon = services[ServiceKind.TRIBUNAL, "21"]
        if not dijon.communes.exists():
            dijon.communes.set(Commune.objects.filter(departement_id="21", kind=CommuneKind.COMMUNE))
        bethune = services[ServiceKind.TRIBUNAL, "62"]
        if not bethune.communes.exists():
            seat = Commune.objects.get(code="62119")
            nearby = Commune.objects.filter(departement_id="62", kind=CommuneKind.COMMUNE, lat__isnull=False)
            bethune.communes.set(
                [c.pk for c in nearby if haversine_km(seat.lat, seat.lon, c.lat, c.lon) <= 25]  # type: ignore[arg-type]
            )

    def load_services(self) -> dict[tuple[str, str], Service]:
        """Each pilot site's SPIP, PJJ direction and tribunal, seated in the tribunal's town."""
        services = {}
        for code, site in PILOT_SITES.items():
            departement = Departement.objects.get(code=code)
            name, commune_code = site["tribunal"]
            seat = Commune.objects.get(code=commune_code)
            services[ServiceKind.SPIP, code], _ = Service.objects.update_or_create(
                kind=ServiceKind.SPIP,
                name=f"SPIP {departement.name_with_of}",
                defaults={"departement": departement, "email": f"spip{code}@{DOMAIN}", "commune": seat},
            )
            services[ServiceKind.PJJ, code], _ = Service.objects.update_or_create(
                kind=ServiceKind.PJJ,
                name=f"Direction territoriale de la PJJ {departement.name_with_of}",
                defaults={"departement": departement, "email": f"dtpjj{code}@{DOMAIN}", "commune": seat},
            )
            PrefectureContact.objects.get_or_create(
                departement=departement, defaults={"email": f"prefecture{code}@{DOMAIN}"}
            )
            services[ServiceKind.TRIBUNAL, code], _ = Service.objects.update_or_create(
                kind=ServiceKind.TRIBUNAL, name=name, defaults={"departement": departement, "commune": seat}
            )
        return services

    def load_organisations(self, rng: random.Random) -> dict[str, Organisation]:
        organisations = {}
        for site in PILOT_SITES.values():
            for name, legal_type, commune_code, address, count, domains in site["organisations"]:
                commune = Commune.objects.get(code=commune_code)
                organisation = Organisation.objects.filter(name=name, commune=commune).first()
                if organisation is None:
                    organisation = Organisation.objects.create(
                        name=name,
                        siret=luhn_siret(rng, prefix="2" if legal_type in (LegalType.COLLECTIVITE,) else "3"),
                        legal_type=legal_type,
                        address=address,
                        commune=commune,
                        email=f"tig@{commune.search_name.replace(' ', '-')}.{DOMAIN}",
                        phone=f"03 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                    )
                organisations[name] = organisation
                if organisation.habilitation_required and not organisation.dossiers.exists():
                    habilitate(organisation, rng)
                if not organisation.posts.exists():
                    self.create_posts(rng, organisation, count, domains)
        return organisations

    def create_posts(self, rng: random.Random, organisation: Organisation, count: int, domains: list) -> None:
        neighbours = list(
            Commune.objects.filter(departement_id=organisation.commune.departement_id, lat__isnull=False).order_by(
                "-population"
            )[:25]
        )
        for index in range(count):
            content = random_post(rng, domains)
            # Most posts are in the organisation's commune; intercommunal bodies also work around it.
            commune = organisation.commune
            if organisation.legal_type == LegalType.ETABLISSEMENT_PUBLIC and rng.random() < 0.5:
                commune = rng.choice(neighbours)
            lat, lon = jitter(rng, commune.lat, commune.lon, km=2.0)
            # A draft and a suspended post here and there, for the referents' and hosts' views.
            status = {5: PostStatus.DRAFT, 11: PostStatus.SUSPENDED}.get(index, PostStatus.ACTIVE)
            content.build(
                organisation_id=organisation.pk,
                commune_id=commune.pk,
                lat=lat,
                lon=lon,
                status=status,
                registration=Registration.UNREGISTERED if status == PostStatus.DRAFT else Registration.REGISTERED,
            ).save()

    def load_accounts(self, services, organisations) -> None:
        for local, first_name, last_name, role, extra in ACCOUNTS:
            email = f"{local}@{DOMAIN}"
            user = User.objects.filter(email=email).first()
            if user is None:
                service = None
                if "spip" in extra:
                    service = services[ServiceKind.SPIP, extra["spip"]]
                elif "pjj" in extra:
                    service = services[ServiceKind.PJJ, extra["pjj"]]
                elif "tribunal" in extra:
                    service = services[ServiceKind.TRIBUNAL, extra["tribunal"]]
                user = User.objects.create_user(
                    email,
                    DEMO_PASSWORD,
                    first_name=first_name,
                    last_name=last_name,
                    role=role,
                    service=service,
                    magistrate_function=extra.get("function", ""),
                    bar=extra.get("bar", ""),
                    phone="06 12 34 56 78" if role == Role.HOST_STAFF else "",
                    is_staff=extra.get("is_staff", False),
                    is_superuser=extra.get("is_superuser", False),
                )
                if "departements" in extra:
                    user.departements.set(extra["departements"])
            if "organisation" in extra:
                Membership.objects.get_or_create(
                    user=user,
                    organisation=organisations[extra["organisation"]],
                    defaults={"role": extra["membership"]},
                )

    def load_applicant(self, rng: random.Random) -> Organisation:
        """An association of Dijon whose habilitation file waits for the referent's review."""
        commune = Commune.objects.get(code="21231")
        organisation, created = Organisation.objects.get_or_create(
            name="Recyclerie du Grand Dijon",
            defaults={
                "siret": luhn_siret(rng, prefix="4"),
                "legal_type": LegalType.ASSOCIATION,
                "address": "12 rue de l'Île",
                "commune": commune,
                "email": f"contact@recyclerie.{DOMAIN}",
            },
        )
        if created:
            dossier = Dossier.objects.create(
                kind=DossierKind.HABILITATION,
                organisation=organisation,
                departement_id="21",
                status=DossierStatus.SUBMITTED,
                submitted_at=timezone.now(),
                presentation="Réemploi d'objets et de meubles, ateliers de réparation ouverts au public.",
            )
            Person.objects.create(
                dossier=dossier,
                role=PersonRole.BOARD_MEMBER,
                last_name="Garnier",
                first_names="Bruno",
                birth_date=date(1971, 4, 2),
                birth_place="Beaune (21)",
                nationality="française",
                function="Président",
            )
            for kind in REQUIRED_DOCUMENTS[LegalType.ASSOCIATION]:
                document = Document(
                    dossier=dossier,
                    kind=kind,
                    original_name=f"{kind}.pdf",
                    content_type="application/pdf",
                    size=len(DEMO_PDF),
                )
                document.file.save(f"{kind}.pdf", ContentFile(DEMO_PDF), save=False)
                document.save()
            Event.objects.create(dossier=dossier, action=EventAction.SUBMITTED, message="Dossier de démonstration.")
        return organisation

    def load_files_in_progress(self, organisations, services) -> None:
        """A registration of a Dijon post whose opinions were requested twelve days ago."""
        post = organisations["Ville de Dijon"].posts.filter(status=PostStatus.DRAFT).first()
        if post is None or post.dossiers.exists():
            return
        requested = timezone.now() - timedelta(days=12)
        dossier = Dossier.objects.create(
            kind=DossierKind.REGISTRATION,
            organisation=post.organisation,
            departement_id="21",
            post=post,
            places=post.places_offered,
            presentation=post.tasks,
            status=DossierStatus.OPINIONS_REQUESTED,
            tribunal=services[ServiceKind.TRIBUNAL, "21"],
            submitted_at=requested - timedelta(days=3),
            opinions_requested_at=requested,
            status_changed_at=requested,
        )
        Person.objects.create(
            dossier=dossier,
            role=PersonRole.POST_RESPONSIBLE,
            last_name="Renaud",
            first_names="Pascal",
            birth_date=date(1980, 9, 14),
            birth_place="Dijon (21)",
            function="Chef d'équipe des espaces verts",
        )
        Event.objects.create(dossier=dossier, at=requested, action=EventAction.OPINIONS_REQUESTED)

    def load_revision(self, organisations) -> None:
        """The Ville de Dijon proposes two more places on a registered post: the post stays in
        search as registered while its revision waits for a registration file (R16)."""
        town = organisations["Ville de Dijon"]
        if PostRevision.objects.filter(post__organisation=town).exists():
            return
        post = town.posts.filter(listed=True).order_by("pk").first()
        if post is None:
            return
        PostRevision.objects.create(
            post=post,
            values={"places_offered": post.places_offered + 2, "tasks": post.tasks + " Arrosage des massifs l'été."},
            created_by=User.objects.get(email=f"mairie.dijon@{DOMAIN}"),
        )

    def load_measures(self, services) -> None:
        """A few fictitious measures followed by the Dijon SPIP (names made up)."""
        officer = User.objects.get(email=f"cpip.dijon@{DOMAIN}")
        jap = User.objects.get(email=f"jap.dijon@{DOMAIN}")
        if Measure.objects.filter(service=officer.service).exists():
            return
        today = timezone.localdate()
        dijon, chenove = Commune.objects.get(code="21231"), Commune.objects.get(code="21166")
        people = [
            ("Lambert", "Yanis", date(2001, 3, 12), dijon, MeasureKind.TIG, 140, 40, None),
            ("Moreau", "Inès", date(1995, 11, 2), chenove, MeasureKind.SURSIS_PROBATOIRE, 70, 480, None),
            ("Girard", "Théo", date(2009, 1, 20), dijon, MeasureKind.TIG, 35, 120, date(2025, 6, 1)),
            ("Roux", "Sonia", date(1988, 7, 30), dijon, MeasureKind.TNR, 30, 200, None),
            ("Fabre", "Lucas", date(1999, 4, 8), chenove, MeasureKind.CONVERSION, 210, 510, None),
        ]
        measures = []
        for index, (last, first, born, residence, kind, hours, days_ago, offence) in enumerate(people):
            decided = today - timedelta(days=days_ago)
            measure = Measure.objects.create(
                appi_number=f"21-DEMO-{index + 1:04d}",
                last_name=last,
                first_names=first,
                birth_date=born,
                residence=residence,
                kind=kind,
                hours_ordered=hours,
                sentence_date=decided,
                deadline=add_months(decided, 18),
                offence_date=offence,
                consent_mode=ConsentMode.PRESENT,
                is_minor=offence is not None,
                tribunal=services[ServiceKind.TRIBUNAL, "21"],
                jap=jap,
                service=officer.service,
                officer=officer,
            )
            measures.append(measure)
        self.place_demo_measure(measures[0], services)
        self.propose_demo_post(measures[1], officer)

    def propose_demo_post(self, measure, officer) -> None:
        """The officer proposed a post of the Ville de Dijon for the second measure: the director's
        home page and the measure's page show it, the assignment form starts from it."""
        post = Post.objects.filter(organisation__name="Ville de Dijon", listed=True).order_by("-pk").first()
        if post is not None:
            PlacementProposal.objects.create(
                measure=measure,
                post=post,
                tasks=post.tasks,
                schedule="Le mercredi de 14 h à 17 h",
                weekly_hours=3,
                note="Disponible le mercredi après-midi, habite à Chenôve (bus direct).",
                proposed_by=officer,
            )

    def place_demo_measure(self, measure, services) -> None:
        """The first measure is placed with the Ville de Dijon, whose tutor recorded a few
        Saturdays: the officer has hours to validate, the tutor has a « personne accueillie »."""
        director = User.objects.get(email=f"dspip.dijon@{DOMAIN}")
        tutor = User.objects.get(email=f"tuteur.dijon@{DOMAIN}")
        posts = Post.objects.filter(organisation__name="Ville de Dijon", listed=True, tutors=tutor)
        post = posts.filter(places_taken__lt=F("places_offered")).order_by("pk").first()
        if post is None:
            return
        started = timezone.now() - timedelta(days=28)
        placement = Placement.objects.create(
            measure=measure,
            post=post,
            tasks="Entretien des massifs et ramassage des feuilles, avec l'équipe des espaces verts.",
            schedule="Le samedi de 8 h à 12 h",
            weekly_hours=4,
            tutor=tutor,
            first_appointment_at=started + timedelta(days=3),
            first_appointment_place="Centre technique municipal, 15 rue de l'Arquebuse, Dijon",
            decided_by=director,
            decided_at=started,
        )
        Post.objects.filter(pk=post.pk).update(places_taken=F("places_taken") + 1)
        for week in range(4):
            day = timezone.localdate(started) + timedelta(days=7 * week + 1)
            Attendance.objects.create(
                placement=placement,
                worked_on=day,
                hours=Decimal(4),
                recorded_by=tutor,
                validated_by=measure.officer if week < 3 else None,
                validated_at=timezone.now() if week < 3 else None,
            )
        measure.status = MeasureStatus.IN_PROGRESS
        measure.save(update_fields=["status"])

    def assign_tutors(self, organisations) -> None:
        for organisation in organisations.values():
            tutors = list(User.objects.filter(memberships__organisation=organisation))
            if not tutors:
                continue
            for post in organisation.posts.filter(tutors__isnull=True):
                post.tutors.set(tutors)
