"""A list of targets a referent imports (docs/regles.md, P2): CSV (UTF-8, « ; » or « , ») or XLSX,
one organisation per line, French column names. Every line is checked first; a single error and
nothing is imported, the report giving each line's errors. Deduplication: by SIRET, then by
name and commune, against the register and within the file; a line that meets a target already
there completes its empty fields and adds its contact, never overwrites."""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from tig.accounts.models import User
from tig.audit.enums import Operation
from tig.audit.recording import record_bulk
from tig.core.exceptions import Refused
from tig.organisations.validators import normalize_siret, validate_siret
from tig.prospecting import perms
from tig.prospecting.enums import Source, TargetKind
from tig.prospecting.models import Contact, Target, match_key
from tig.territories.enums import CommuneKind
from tig.territories.models import Commune
from tig.territories.names import normalize_name

MAX_BYTES = 5 * 1024 * 1024
MAX_LINES = 5000
# The column names accepted (lower case, without accents) → the field.
COLUMNS = {
    "nom": "name",
    "type": "kind",
    "siret": "siret",
    "siren": "siren",
    "adresse": "address",
    "commune": "commune",
    "code insee": "commune",
    "courriel": "email",
    "email": "email",
    "telephone": "phone",
    "site": "website",
    "contact nom": "contact_name",
    "contact fonction": "contact_function",
    "contact courriel": "contact_email",
    "contact telephone": "contact_phone",
}
KINDS = {
    "mairie": TargetKind.TOWN_HALL,
    "commune": TargetKind.TOWN_HALL,
    "epci": TargetKind.EPCI,
    "intercommunalite": TargetKind.EPCI,
    "hlm": TargetKind.SOCIAL_HOUSING,
    "bailleur social": TargetKind.SOCIAL_HOUSING,
    "public": TargetKind.PUBLIC_BODY,
    "etablissement public": TargetKind.PUBLIC_BODY,
    "association": TargetKind.ASSOCIATION,
    "entreprise": TargetKind.COMPANY,
    "ess": TargetKind.COMPANY,
    "autre": TargetKind.OTHER,
}
LIMITS = {
    "name": 200,
    "address": 255,
    "phone": 30,
    "website": 200,
    "contact_name": 150,
    "contact_function": 150,
    "contact_phone": 30,
}
COMPLETED_FIELDS = ("siret", "siren", "address", "email", "phone", "website")


@dataclass
class Line:
    number: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    commune: Commune | None = None
    kind: str = ""
    siret: str = ""
    key: str = ""
    existing: Target | None = None


@dataclass
class Report:
    lines: list[Line]
    created: int = 0
    completed: int = 0
    missing_columns: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Line]:
        return [line for line in self.lines if line.errors]

    @property
    def ok(self) -> bool:
        return not self.missing_columns and not self.errors


def _plain(header: str) -> str:
    return normalize_name(header or "")


def read_rows(name: str, content: bytes) -> list[list[str]]:
    """The file's rows as text (the header first); a French message for a file that is not one."""
    if len(content) > MAX_BYTES:
        raise Refused(f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo : découpez la liste.")
    if name.lower().endswith(".xlsx"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
            raise Refused(
                "Ce fichier XLSX ne peut pas être lu : enregistrez-le de nouveau depuis votre tableur."
            ) from error
        sheet = book.worksheets[0]
        rows = [
            ["" if value is None else str(value).strip() for value in row] for row in sheet.iter_rows(values_only=True)
        ]
        book.close()
        return rows
    if not name.lower().endswith(".csv"):
        raise Refused("Le fichier doit être au format CSV ou XLSX.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refused("Le fichier CSV doit être en UTF-8 : choisissez cet encodage en l'enregistrant.") from error
    if "\x00" in text:
        raise Refused("Ce fichier CSV contient des caractères nuls : ce n'est pas un fichier texte.")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def check(user: User, name: str, content: bytes, default_kind: str) -> Report:
    rows = [row for row in read_rows(name, content) if any(cell for cell in row)]
    if not rows:
        raise Refused("Le fichier est vide.")
    header = [COLUMNS.get(_plain(cell), "") for cell in rows[0]]
    report = Report([])
    report.missing_columns = [
        label for label, wanted in (("nom", "name"), ("commune", "commune")) if wanted not in header
    ]
    if report.missing_columns:
        return report
    if len(rows) - 1 > MAX_LINES:
        raise Refused(f"Le fichier compte plus de {MAX_LINES} lignes : découpez la liste.")
    by_code = {c.code: c for c in Commune.objects.filter(kind=CommuneKind.COMMUNE)}
    seen_sirets: dict[str, int] = {}
    seen_keys: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        values = {wanted: cell for wanted, cell in zip(header, row, strict=False) if wanted and cell}
        line = Line(number, values)
        report.lines.append(line)
        _check_line(user, line, by_code, default_kind)
        if line.errors:
            continue
        siret = values.get("siret", "")
        assert line.commune is not None  # a line without a commune has an error
        key = match_key(values["name"], line.commune.code)
        first = seen_sirets.get(siret) if siret else seen_keys.get(key)
        if first:
            line.errors.append(f"Même structure que la ligne {first}.")
            continue
        if siret:
            seen_sirets[siret] = number
        seen_keys[key] = number
        line.siret, line.key = siret, key
    _find_existing(report.lines)
    return report


def _find_existing(lines: list[Line]) -> None:
    """The targets already in the register that the checked lines meet: same SIRET, else same
    name and commune (two queries for the whole file)."""
    checked = [line for line in lines if not line.errors]
    by_siret = {t.siret: t for t in Target.objects.filter(siret__in={line.siret for line in checked if line.siret})}
    by_key: dict[str, Target] = {}
    for target in Target.objects.filter(match_key__in={line.key for line in checked}).order_by("-id"):
        by_key[target.match_key] = target  # the oldest last: it wins, as .first() did
    for line in checked:
        line.existing = by_siret.get(line.siret) if line.siret else None
        line.existing = line.existing or by_key.get(line.key)


def _check_line(user: User, line: Line, by_code: dict[str, Commune], default_kind: str) -> None:
    values, errors = line.values, line.errors
    if not values.get("name"):
        errors.append("Le nom manque.")
    for name, limit in LIMITS.items():
        if len(values.get(name, "")) > limit:
            errors.append(f"« {name} » dépasse {limit} caractères.")
    text = values.get("commune", "")
    commune = by_code.get(text.upper()) if len(text) == 5 else None
    if commune is None and text:
        found = Commune.objects.filter(kind=CommuneKind.COMMUNE).resolve(text)
        commune = found.commune
        if commune is None:
            errors.append(found.error)
    elif not text:
        errors.append("La commune manque (son nom et son département, ou son code INSEE).")
    if commune is not None and not perms.can_import_targets(user, commune.departement_id):
        errors.append(f"{commune.label} n'est pas dans vos départements.")
    line.commune = commune
    kind = values.get("kind", "")
    line.kind = KINDS.get(_plain(kind), "") if kind else default_kind
    if not line.kind:
        errors.append(f"Type inconnu : « {kind} » (mairie, epci, hlm, public, association, entreprise ou autre).")
    if values.get("siret"):
        values["siret"] = normalize_siret(values["siret"])
        try:
            validate_siret(values["siret"])
        except ValidationError as error:
            errors.extend(error.messages)
    siren = values.get("siren", "").replace(" ", "")
    if siren and not (siren.isascii() and siren.isdigit() and len(siren) == 9):
        errors.append("Le SIREN doit comporter 9 chiffres.")
    elif not siren and values.get("siret"):
        siren = values["siret"][:9]
    values["siren"] = siren
    for name in ("email", "contact_email"):
        if values.get(name):
            try:
                validate_email(values[name])
            except ValidationError:
                errors.append(f"Adresse électronique non valable : « {values[name]} ».")


def apply(user: User, report: Report) -> Report:
    """Import a checked list, all of it or nothing."""
    if not report.ok:
        raise Refused("La liste contient des erreurs : rien n'a été importé.")
    with transaction.atomic():
        for line in report.lines:
            values = line.values
            target = line.existing
            if target is None:
                target = Target(
                    name=values["name"],
                    kind=line.kind,
                    commune=line.commune,
                    source=Source.IMPORT,
                    population=0,
                    created_at=timezone.now(),
                    **{name: values.get(name, "") for name in COMPLETED_FIELDS},
                )
                target.save()
                report.created += 1
            else:
                target = Target.objects.select_for_update().get(pk=target.pk)
                changed = [name for name in COMPLETED_FIELDS if values.get(name) and not getattr(target, name)]
                for name in changed:
                    setattr(target, name, values[name])
                if changed:
                    target.save()
                report.completed += 1
            if values.get("contact_name"):
                Contact.objects.create(
                    target=target,
                    name=values["contact_name"],
                    function=values.get("contact_function", ""),
                    email=values.get("contact_email", ""),
                    phone=values.get("contact_phone", ""),
                )
        record_bulk(
            Operation.CREATE, "Import d'une liste de cibles", {"créées": report.created, "complétées": report.completed}
        )
    return report


def import_file(user: User, name: str, content: bytes, default_kind: str) -> Report:
    report = check(user, name, content, default_kind)
    return apply(user, report) if report.ok else report


def template_rows() -> list[list[Any]]:
    """The model file offered for download: the header and an example line."""
    return [
        [
            "nom",
            "type",
            "siret",
            "adresse",
            "commune",
            "courriel",
            "telephone",
            "site",
            "contact nom",
            "contact fonction",
            "contact courriel",
            "contact telephone",
        ],
        [
            "Habitat Dijon Métropole",
            "hlm",
            "",
            "2 rue Maréchal Leclerc",
            "Dijon (21)",
            "contact@exemple.fr",
            "03 80 00 00 00",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
