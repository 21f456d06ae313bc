"""TIG and TNR posts offered by host organisations."""

from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import ExpressionWrapper, F, Func, Q
from django.utils import timezone

from tig.accounts.models import User
from tig.organisations.models import Organisation
from tig.posts.enums import (
    WEEKEND_DAYS,
    ActivityDomain,
    PhysicalEffort,
    PostStatus,
    Registration,
    RevisionStatus,
    Weekday,
)
from tig.territories.models import Commune

# The search grid: 50 cells per degree (about 2.2 km north-south, 1.5 km east-west in
# metropolitan France). See tig/posts/search.py and docs/decisions/0002-recherche-par-grille.md.
CELLS_PER_DEGREE = 50
CELL_ROW = 100_000  # cell = row * CELL_ROW + column
# The columns a search filters on (tig/posts/search.py, filtered): each of the three search
# indexes holds them all, so that no filter sends a search to the table. A new filter is a
# column of the post, added here and to filtered().
SEARCH_FILTERS = (
    "places_available",
    "open_on_weekends",
    "minors_allowed",
    "pmr_accessible",
    "public_transport",
    "accepts_tig",
    "accepts_tnr",
    "collective",
    "domain",
)


class GridIndex(Func):
    """floor(value) as an integer, for the non-negative values of the grid.

    SQLite's CAST truncates, which is the floor here; its FLOOR would be a function
    registered by Django in Python, unusable in a generated column."""

    output_field = models.IntegerField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="CAST(FLOOR(%(expressions)s) AS integer)", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="CAST(%(expressions)s AS integer)", **extra)


class PostQuerySet(models.QuerySet):
    def visible_to(self, user: User):
        """Posts whose sheet the user may open (docs/architecture.md, « Rôles et périmètres »).

        Listed posts (``Post.listed``: open, registered, host habilitated, confirmed
        within a year) are seen by every justice role, lawyers, referents and national
        admins; the others only by their organisation, the referents of their
        département and national admins. Host staff see their own organisation's posts only."""
        if user.is_national_admin:
            return self
        if user.is_host_staff:
            return self.filter(organisation_id__in=user.organisation_roles)
        active = Q(listed=True)
        if user.is_referent:
            return self.filter(active | Q(commune__departement_id__in=user.referent_departement_codes))
        if user.works_on_platform:
            return self.filter(active)
        return self.none()

    def searchable_by(self, user: User):
        """What search shows the user: the listed posts among those they may see.

        Only conditions on the post's own columns, which the search index covers."""
        active = self.filter(listed=True)
        if user.is_host_staff:
            return active.filter(organisation_id__in=user.organisation_roles)
        return active if user.works_on_platform else self.none()


class Post(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name="structure d'accueil", on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField("intitulé", max_length=200)
    domain = models.CharField("domaine d'activité", max_length=32, choices=ActivityDomain.choices)
    tasks = models.TextField("tâches confiées")
    site_address = models.CharField("adresse du lieu de travail", max_length=255, blank=True)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="+")
    lat = models.FloatField("latitude")
    lon = models.FloatField("longitude")
    places_offered = models.PositiveSmallIntegerField("places offertes", validators=[MinValueValidator(1)])
    places_taken = models.PositiveSmallIntegerField("places occupées", default=0)
    # {"mon": {"start": "08:30", "end": "12:00"}, "sat": {...}}: one range per day worked.
    schedule = models.JSONField("horaires", default=dict, blank=True)
    schedule_notes = models.CharField("précisions sur les horaires", max_length=255, blank=True)
    pmr_accessible = models.BooleanField("accessible aux personnes à mobilité réduite", default=False)
    public_transport = models.BooleanField("desservi par les transports en commun", default=False)
    minors_allowed = models.BooleanField("ouvert aux mineurs de 16 ans et plus", default=False)
    accepts_tig = models.BooleanField("travail d'intérêt général (TIG)", default=True)
    accepts_tnr = models.BooleanField("travail non rémunéré (TNR)", default=False)
    collective = models.BooleanField("chantier collectif encadré", default=False)
    driving_licence_required = models.BooleanField("permis de conduire exigé", default=False)
    physical_effort = models.CharField(
        "effort physique", max_length=16, choices=PhysicalEffort.choices, default=PhysicalEffort.MODERATE
    )
    # Triggers of the medical examination (CPénit R. 623-14; docs/regles.md, R25).
    night_work = models.BooleanField("travail de nuit", default=False)
    particular_risks = models.BooleanField("poste à risques particuliers", default=False)
    care_establishment = models.BooleanField("établissement de soins ou de prévention", default=False)
    tutors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="tuteurs", blank=True, related_name="tutored_posts"
    )
    # A collective worksite's supervisors (« encadrants »): host members, or SPIP or PJJ staff of
    # its département (docs/regles.md, C2). They see the participants like a tutor.
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="encadrants", blank=True, related_name="supervised_posts"
    )
    status = models.CharField("statut", max_length=16, choices=PostStatus.choices, default=PostStatus.DRAFT)
    # The legal side (issue 3): registration on the departmental list, decided on a file of
    # tig.habilitations; the host's habilitation, kept in step by tig.habilitations.listing;
    # freshness, withdrawn after 12 months without a confirmation by the organisation.
    registration = models.CharField(
        "inscription", max_length=16, choices=Registration.choices, default=Registration.UNREGISTERED
    )
    registered_on = models.DateField("inscrit le", null=True, blank=True)
    # The places the departmental list registers: the post may offer fewer without a decision.
    places_registered = models.PositiveSmallIntegerField("places inscrites", null=True, blank=True)
    host_habilitated = models.BooleanField("structure habilitée pour ce poste", default=False)
    stale = models.BooleanField("retiré faute de confirmation", default=False)
    # Computed by the database, for the search index: never out of step with the data.
    listed = models.GeneratedField(
        expression=ExpressionWrapper(
            Q(status=PostStatus.ACTIVE)
            & Q(registration=Registration.REGISTERED)
            & Q(host_habilitated=True)
            & Q(stale=False),
            output_field=models.BooleanField(),
        ),
        output_field=models.BooleanField("visible dans la recherche"),
        db_persist=True,
    )
    places_available = models.GeneratedField(
        expression=F("places_offered") - F("places_taken"),
        output_field=models.IntegerField("places disponibles"),
        db_persist=True,
    )
    open_on_weekends = models.GeneratedField(
        expression=ExpressionWrapper(
            Q(schedule__has_key=WEEKEND_DAYS[0].value) | Q(schedule__has_key=WEEKEND_DAYS[1].value),
            output_field=models.BooleanField(),
        ),
        output_field=models.BooleanField("ouvert le week-end"),
        db_persist=True,
    )
    cell = models.GeneratedField(
        expression=GridIndex((F("lat") + 90) * CELLS_PER_DEGREE) * CELL_ROW
        + GridIndex((F("lon") + 180) * CELLS_PER_DEGREE),
        output_field=models.IntegerField("case de la grille de recherche"),
        db_persist=True,
    )
    last_confirmed_at = models.DateTimeField("dernière confirmation", default=timezone.now)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = "poste"
        ordering = ["title"]
        indexes = [
            # Radius search: equality on « listed », a range of cells per row of the grid, the
            # place, and every column a search filters on, so that reading posts never goes to
            # the table; the id last, so that PostgreSQL reads them from the index alone too
            # (SQLite's indexes carry the row's id anyway).
            models.Index(fields=["listed", "cell", "lat", "lon", *SEARCH_FILTERS, "id"], name="post_search"),
            # Counting around a commune: the same range and filters without what is only read
            # (place, id): a narrower index, a quarter faster to scan where posts are dense.
            models.Index(fields=["listed", "cell", *SEARCH_FILTERS], name="post_count"),
            # A whole département: its communes' posts, in each commune by title (the order of
            # the list), with the cell (the map) and every filter, so that neither counting nor
            # a page sorts or reads the whole département.
            models.Index(fields=["listed", "commune", "title", "id", "cell", *SEARCH_FILTERS], name="post_departement"),
            # The registered posts by their last confirmation: the reminder at 11 months, the
            # withdrawal at 12, the referents' « à confirmer » read only the oldest.
            models.Index(
                fields=["last_confirmed_at"],
                name="post_confirmation",
                condition=Q(status=PostStatus.ACTIVE, registration=Registration.REGISTERED, stale=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(places_offered__gte=1),
                name="post_places_offered_positive",
                violation_error_message="Un poste offre au moins une place.",
            ),
            models.CheckConstraint(
                condition=Q(places_taken__lte=F("places_offered")),
                name="post_places_not_overbooked",
                violation_error_message="Les places occupées ne peuvent pas dépasser les places offertes.",
            ),
            models.CheckConstraint(
                condition=Q(accepts_tig=True) | Q(accepts_tnr=True),
                name="post_tig_or_tnr",
                violation_error_message="Un poste accueille des TIG, des TNR ou les deux.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == PostStatus.ACTIVE

    @property
    def is_registered(self) -> bool:
        """On the departmental list."""
        return self.registration == Registration.REGISTERED

    @property
    def schedule_rows(self) -> list[tuple[str, str, str]]:
        """(day label, start, end) for the days worked, Monday first."""
        return [
            (day.label, self.schedule[day]["start"], self.schedule[day]["end"])
            for day in Weekday
            if day in self.schedule
        ]

    @property
    def in_search_label(self) -> str:
        """Whether the post shows in search, and if not, what it waits for (the organisation's list)."""
        if self.listed:
            return "Oui"
        if self.registration != Registration.REGISTERED:
            return f"Non : {self.get_registration_display().lower()}"
        if not self.host_habilitated:
            return "Non : habilitation manquante"
        if self.stale:
            return "Non : à confirmer"
        return "Non"

    @property
    def measure_types_label(self) -> str:
        return " et ".join(
            label for accepted, label in ((self.accepts_tig, "TIG"), (self.accepts_tnr, "TNR")) if accepted
        )


class PostRevision(models.Model):
    """Changes to a registered post that need a new registration decision (docs/regles.md, R16),
    held apart: the registered version stays in search; the revision applies on the decision,
    or is dropped on refusal. `values` holds the proposed value of each field, by attribute
    name (`commune_id`); one revision at a time per post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    values = models.JSONField("modifications proposées", default=dict)
    status = models.CharField("état", max_length=16, choices=RevisionStatus.choices, default=RevisionStatus.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="proposée par", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("proposée le", auto_now_add=True)
    # When its registration file was filed: from then on the revision no longer changes.
    submitted_at = models.DateTimeField("déposée le", null=True, blank=True)
    closed_at = models.DateTimeField("close le", null=True, blank=True)

    class Meta:
        verbose_name = "modification d'un poste inscrit"
        verbose_name_plural = "modifications de postes inscrits"
        constraints = [
            models.UniqueConstraint(
                fields=["post"], condition=Q(status=RevisionStatus.PENDING), name="post_revision_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"Modification de « {self.post} »"

    @property
    def field_labels(self) -> list[str]:
        """The fields changed, as the form names them (the point's two coordinates as one)."""
        labels = []
        for attname in self.values:
            name = "site" if attname in ("lat", "lon") else attname.removesuffix("_id")
            label = "emplacement sur la carte" if name == "site" else str(Post._meta.get_field(name).verbose_name)
            if label not in labels:
                labels.append(label)
        return labels

    def changes(self) -> list[tuple[str, str, str]]:
        """(field, registered value, proposed value), as the decider reads them."""
        post = self.post
        rows = []
        for attname, proposed in self.values.items():
            if attname in ("lat", "lon"):
                continue
            name = attname.removesuffix("_id")
            label = str(Post._meta.get_field(name).verbose_name).capitalize()
            current = post.places_registered if name == "places_offered" else getattr(post, attname)
            rows.append((label, _shown(name, current), _shown(name, proposed)))
        if "lat" in self.values or "lon" in self.values:
            rows.append(("Emplacement sur la carte", "repère inscrit", "repère déplacé"))
        return rows

    @property
    def places(self) -> int | None:
        value = self.values.get("places_offered")
        return int(value) if value is not None else None

    @property
    def tasks(self) -> str | None:
        return self.values.get("tasks")


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if name == "domain":
        return str(ActivityDomain(value).label)
    if name == "commune":
        commune = Commune.objects.filter(pk=value).first()
        return commune.label if commune else "—"
    return str(value)


class Session(models.Model):
    """A day of a collective worksite (« séance ») : when, where the group meets, how many
    people it takes. Sessions made together for several weeks share their `series`, so that
    they can be changed or cancelled together (docs/regles.md, C1). Its seats are taken under
    a lock of the session, like a post's places."""

    post = models.ForeignKey(Post, verbose_name="chantier", on_delete=models.CASCADE, related_name="sessions")
    series = models.UUIDField("série", null=True, blank=True, db_index=True)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    capacity = models.PositiveSmallIntegerField("places", validators=[MinValueValidator(1)])
    seats_taken = models.PositiveSmallIntegerField("places prises", default=0)
    meeting_point = models.CharField("point de rendez-vous", max_length=255)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    cancel_reason = models.CharField("motif de l'annulation", max_length=255, blank=True)

    class Meta:
        verbose_name = "séance d'un chantier collectif"
        verbose_name_plural = "séances des chantiers collectifs"
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["post", "starts_at"], name="session_post_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(seats_taken__lte=F("capacity")), name="session_not_overbooked"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_has_a_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.post} — {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    @property
    def free_seats(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None
