"""Reference geography: régions, départements, communes and their postal codes.

Loaded from the committed files in tig/territories/data/ by `manage.py load_territories`
(built by tig/territories/build_geography.py, see data-recipe in docs/architecture.md).
"""

import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, models
from django.db.models.functions import Length
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tig.territories.enums import CommuneKind, DirectorateKind, Zone
from tig.territories.names import normalize_name

# INSEE's "type de nom en clair" (TNCC): how to say « of <name> » in French.
_OF_ARTICLE = {
    0: "de ",
    1: "d'",
    2: "du ",
    3: "de la ",
    4: "des ",
    5: "de l'",
    6: "des ",
    7: "de las ",
    8: "de los ",
}


class Region(models.Model):
    audited = False  # reference data, loaded in bulk and logged as one batch
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    audited = False  # reference data, loaded in bulk and logged as one batch
    # The code is the key: « 21 », « 2A », « 971 »; a commune knows its département without a join.
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")
    zone = models.CharField(max_length=8, choices=Zone.choices)
    article_type = models.PositiveSmallIntegerField("type de nom (TNCC)", default=0)

    class Meta:
        verbose_name = "département"
        # "2A" and "2B" sort between "19" and "21", "971" after "95".
        ordering = [Length("code"), "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def name_with_of(self) -> str:
        """« de la Côte-d'Or », « du Nord », « de l'Ain »: for « SPIP de la Côte-d'Or »."""
        return _OF_ARTICLE.get(self.article_type, "de ") + self.name


class Directorate(models.Model):
    """A DISP or a DIR-PJJ and the départements it covers. No reference package gives the
    table: the agency keeps it in the administration (a département belongs to one directorate
    of each kind, checked there). The statistics keep each directorate's figures day by day, so
    moving a département changes the figures from that day on, never the past."""

    kind = models.CharField("type", max_length=8, choices=DirectorateKind.choices)
    code = models.SlugField(
        "code",
        max_length=12,
        unique=True,
        help_text="Court et stable, par exemple « disp-dijon » : il nomme les séries.",
    )
    name = models.CharField("nom", max_length=150)
    departements = models.ManyToManyField(Departement, verbose_name="départements", related_name="directorates")

    class Meta:
        verbose_name = "direction interrégionale"
        verbose_name_plural = "directions interrégionales (DISP et DIR-PJJ)"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


SEARCHABLE_DEPARTEMENTS_KEY = "territories:searchable-departements"


def searchable_departements() -> list[tuple[str, str]]:
    """(code, « 21 — Côte-d'Or ») of the départements a search may cover (not the overseas
    collectivities), for the search form's list on every search page. Kept in the cache: the
    reference geography changes only when load_territories runs, which forgets it; other
    servers see the change within ten minutes."""
    choices = cache.get(SEARCHABLE_DEPARTEMENTS_KEY)
    if choices is None:
        choices = [
            (code, f"{code} — {name}")
            for code, name in Departement.objects.exclude(zone=Zone.COM).values_list("code", "name")
        ]
        cache.set(SEARCHABLE_DEPARTEMENTS_KEY, choices, timeout=600)
    return choices


@receiver([post_save, post_delete], sender=Departement)
def forget_departements(**kwargs) -> None:
    cache.delete(SEARCHABLE_DEPARTEMENTS_KEY)


def _prefix_filter(field: str, prefix: str) -> models.Q:
    """`field` starts with `prefix`, in a form each database answers from its index.

    SQLite's LIKE is case-insensitive and cannot use an ordinary index, so it gets the
    equivalent range; PostgreSQL's LIKE 'abc%' uses the text_pattern_ops index. The
    values searched this way are plain ASCII (normalised names, digits)."""
    if connection.vendor == "sqlite":
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return models.Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})
    return models.Q(**{f"{field}__startswith": prefix})


class CommuneQuerySet(models.QuerySet):
    def matching(self, query: str, limit: int = 10) -> list["Commune"]:
        """Communes for an autocomplete, the most populated first: by postal code (or
        INSEE code) when the query is made of digits, else by the start of the name, or
        failing that by the start of any word of the name (« denis » → Saint-Denis)."""
        query = query.strip()
        by_population = self.order_by("-population", "code")
        if (query.isascii() and query.isdigit()) or (len(query) == 5 and query[:2].upper() in ("2A", "2B")):
            if len(query) < 2:
                return []
            by_postal_code = PostalCode.objects.filter(_prefix_filter("code", query)).values("commune_id")
            found = list(by_population.filter(id__in=by_postal_code)[:limit])
            if len(query) == 5 and not found:  # an INSEE code
                found = list(by_population.filter(code=query.upper()))
            return found
        normalized = normalize_name(query)
        if len(normalized) < 2:
            return []
        found = list(by_population.filter(_prefix_filter("search_name", normalized))[:limit])
        if not found and len(normalized) >= 3:  # a scan of every name: only for a real word
            found = list(by_population.filter(search_name__contains=" " + normalized)[:limit])
        # An exact name comes first: « Dijon » before « Fontaine-lès-Dijon » whatever the population.
        found.sort(key=lambda commune: commune.search_name != normalized)
        return found

    def resolve(self, text: str) -> "CommuneLookup":
        """The commune a user meant by what they typed: an INSEE code, a postal code,
        a name, or a name followed by its département or postal code in brackets, as
        the autocomplete proposes them (« Dijon (21) », « Saint-Denis (93200) »)."""
        text = " ".join(text.split())
        if not text:
            return CommuneLookup(text)
        qs = self.order_by("-population", "code")
        if _CODE.fullmatch(text):
            by_insee = list(qs.filter(code=text.upper()))
            by_postal = list(qs.filter(postal_codes__code=text)) if text.isascii() and text.isdigit() else []
            # « 75001 »: the 1st arrondissement rather than the whole of Paris.
            parents = {commune.parent_id for commune in by_postal}
            by_postal = [commune for commune in by_postal if commune.pk not in parents]
            return CommuneLookup(text, by_postal or by_insee)
        name, qualifier = text, ""
        if match := _QUALIFIED.fullmatch(text):
            name, qualifier = match["name"], match["qualifier"].upper()
        candidates = qs.filter(search_name=normalize_name(name))
        if qualifier.isascii() and qualifier.isdigit() and len(qualifier) == 5:
            candidates = candidates.filter(postal_codes__code=qualifier)
        elif qualifier:
            candidates = candidates.filter(departement_id=qualifier)
        found = list(candidates)
        if len(found) == 1 and not qualifier:
            # « Chalon » is a village of Isère, but the name begins Chalon-sur-Saône: a bare name
            # that begins the name of a more populated commune offers them too, larger first.
            larger = qs.filter(
                _prefix_filter("search_name", normalize_name(name) + " "), population__gt=found[0].population
            )
            found = [*larger[:4], *found]
        if found:
            return CommuneLookup(text, found)
        return CommuneLookup(text, [], suggestions=self.matching(name, limit=5))


_CODE = re.compile(r"(?:\d{5}|2[AaBb]\d{3})")
_QUALIFIED = re.compile(r"(?P<name>.+?)\s*\((?P<qualifier>[0-9AaBb]{2,5})\)")


@dataclass
class CommuneLookup:
    text: str
    matches: list["Commune"] = field(default_factory=list)
    suggestions: list["Commune"] = field(default_factory=list)

    @property
    def commune(self) -> "Commune | None":
        """The commune, when what was typed names exactly one."""
        return self.matches[0] if len(self.matches) == 1 else None

    @property
    def is_ambiguous(self) -> bool:
        return len(self.matches) > 1

    @property
    def error(self) -> str:
        if self.is_ambiguous:
            choices = ", ".join(commune.label for commune in self.matches)
            return f"Plusieurs communes correspondent à « {self.text} » ({choices}) : précisez laquelle."
        if not self.matches:
            return f"Aucune commune ne correspond à « {self.text} »."
        return ""


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=150)
    search_name = models.CharField(max_length=150, editable=False)
    kind = models.CharField("type", max_length=16, choices=CommuneKind.choices, default=CommuneKind.COMMUNE)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    # Paris, Lyon and Marseille for their municipal arrondissements.
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="arrondissements")
    population = models.PositiveIntegerField(default=0)
    postal_codes_display = models.CharField("codes postaux", max_length=200, blank=True)
    # The town hall when it lies inside the commune, else a point inside its outline.
    # Empty for a few overseas collectivities that the sources do not place.
    lat = models.FloatField("latitude", null=True, blank=True)
    lon = models.FloatField("longitude", null=True, blank=True)

    objects = CommuneQuerySet.as_manager()
    audited = False  # reference data, loaded in bulk and logged as one batch

    class Meta:
        verbose_name = "commune"
        ordering = ["name"]
        indexes = [
            # text_pattern_ops lets PostgreSQL use the index for LIKE 'abc%' whatever the
            # database collation; SQLite ignores opclasses.
            models.Index(fields=["search_name"], name="commune_search_name", opclasses=["text_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        self.search_name = normalize_name(self.name)
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """« Dijon (21) »: the text shown in autocomplete and accepted back by search."""
        return f"{self.name} ({self.departement_id})"

    @property
    def is_located(self) -> bool:
        return self.lat is not None and self.lon is not None


class PostalCode(models.Model):
    audited = False  # reference data, loaded in bulk and logged as one batch
    code = models.CharField("code postal", max_length=5)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postal_codes")

    class Meta:
        verbose_name = "code postal"
        constraints = [models.UniqueConstraint(fields=["code", "commune"], name="postal_code_unique")]
        indexes = [models.Index(fields=["code"], name="postal_code_prefix", opclasses=["varchar_pattern_ops"])]

    def __str__(self) -> str:
        return self.code
