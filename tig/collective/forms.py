from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from tig.collective.models import Enrolment
from tig.collective.services import Line, session_hours
from tig.core.forms import BaseForm
from tig.measures.forms import medical_triggers_field
from tig.measures.models import Measure
from tig.measures.progress import format_hours
from tig.posts.models import Session

PRESENCE = [("present", "Présence"), ("absent", "Absence")]


def _measure_label(measure: Measure) -> str:
    return f"{measure.person_name} — mesure {measure.appi_number}, {measure.hours_ordered} h"


class EnrolForm(BaseForm):
    """The director's enrolment of measures of the service on a session (or its series)."""

    measures: forms.ModelMultipleChoiceField[Measure] = forms.ModelMultipleChoiceField(
        label="Personnes à inscrire",
        queryset=Measure.objects.none(),  # set for the user and the session
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une personne à inscrire."},
    )
    whole_series = forms.BooleanField(label="Inscrire aussi aux séances suivantes de la série", required=False)
    tasks = forms.CharField(label="Tâches confiées", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    medical_triggers = medical_triggers_field(
        "Pour une personne mineure, l'examen est toujours requis (CPénit R. 623-14)."
    )

    def __init__(
        self, *args: Any, measures: QuerySet[Measure], session: Session, following: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["measures"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = measures
        field.label_from_instance = _measure_label  # type: ignore[method-assign,assignment]  # Django's documented hook
        if session.series is None or not following:
            del self.fields["whole_series"]
        else:
            self.fields["whole_series"].label = (
                f"Inscrire aussi aux {following} séances suivantes de la série"
                if following > 1
                else "Inscrire aussi à la séance suivante de la série"
            )
        if not self.is_bound:
            self.initial["tasks"] = session.post.tasks


class SheetForm(BaseForm):
    """The attendance sheet: for each person still to mark, presence or absence; for a presence,
    the hours; for an absence, an incident for the officer if need be. Built for the lines
    given (enrolments), its fields named after each line."""

    def __init__(self, *args: Any, lines: list[Enrolment], session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        length = session_hours(session)
        for enrolment in lines:
            name = enrolment.placement.measure.person_name
            key = enrolment.pk
            self.fields[f"presence_{key}"] = forms.ChoiceField(
                label=name,
                choices=PRESENCE,
                widget=forms.RadioSelect,
                error_messages={"required": f"Indiquez la présence ou l'absence de {name}."},
            )
            self.fields[f"hours_{key}"] = forms.DecimalField(
                label=f"Heures effectuées par {name}",
                min_value=Decimal("0.5"),
                max_value=length,
                max_digits=3,
                decimal_places=1,
                initial=length,
                required=False,
                localize=True,  # « 5,5 » as typed in French, « 5.5 » too
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                error_messages={
                    "min_value": "Au moins une demi-heure (0,5).",
                    "max_value": f"Au plus {format_hours(length)} heures pour cette séance.",
                },
            )
            self.fields[f"incident_{key}"] = forms.BooleanField(
                label=f"Signaler l'absence de {name} au conseiller (incident)", required=False
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label=f"Observation sur l'absence de {name}", required=False, max_length=500
            )

    def rows(self) -> list[dict[str, Any]]:
        """Per person: their line and the bound fields of it, for the template."""
        return [
            {
                "enrolment": enrolment,
                "presence": self[f"presence_{enrolment.pk}"],
                "hours": self[f"hours_{enrolment.pk}"],
                "incident": self[f"incident_{enrolment.pk}"],
                "note": self[f"note_{enrolment.pk}"],
            }
            for enrolment in self.lines
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for enrolment in self.lines:
            key = enrolment.pk
            missing = cleaned.get(f"presence_{key}") == "present" and cleaned.get(f"hours_{key}") is None
            if missing and f"hours_{key}" not in self.errors:
                self.add_error(f"hours_{key}", "Indiquez les heures effectuées.")
        return cleaned

    def sheet_lines(self) -> dict[int, Line]:
        data = self.cleaned_data
        return {
            enrolment.pk: Line(
                present=data[f"presence_{enrolment.pk}"] == "present",
                hours=data.get(f"hours_{enrolment.pk}"),
                incident=bool(data.get(f"incident_{enrolment.pk}")),
                note=data.get(f"note_{enrolment.pk}", ""),
            )
            for enrolment in self.lines
        }
