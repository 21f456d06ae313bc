from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from dsfr.forms import DsfrBoundField
from dsfr.utils import dsfr_input_class_attr

from tig.core.params import EARLIEST, LATEST, parse_int

DATE_RANGE_MESSAGE = f"Indiquez une date entre {EARLIEST.year} et {LATEST.year}."


def _strict_ids(field: forms.ModelChoiceField[Any]) -> None:
    """A model choice posted as an id is a plain number that fits the database, or « choix
    invalide » — before it reaches a query (an id of 30 digits overflowed the database)."""
    if field.to_field_name is not None:
        return
    clean = field.clean

    def checked(value: Any) -> Any:
        values = value if isinstance(value, list | tuple) else [value]
        for raw in values:
            if raw not in (None, "") and not isinstance(raw, int) and parse_int(str(raw), minimum=1) is None:
                raise ValidationError(
                    field.error_messages["invalid_choice"] % {"value": raw}
                    if "%(value)" in str(field.error_messages["invalid_choice"])
                    else field.error_messages["invalid_choice"],
                    code="invalid_choice",
                )
        return clean(value)

    field.clean = checked  # type: ignore[method-assign]  # this field only, before its own checks


def _bounded_dates(field: forms.DateField) -> None:
    """A date within the years the platform has any use for (year 10001 broke the arithmetic
    of a deadline)."""
    field.validators += [
        MinValueValidator(EARLIEST, message=DATE_RANGE_MESSAGE),
        MaxValueValidator(LATEST, message=DATE_RANGE_MESSAGE),
    ]


def harden(form: forms.BaseForm) -> None:
    """What every form of the platform checks before its own rules."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            _strict_ids(field)
        elif isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
            _bounded_dates(field)


if TYPE_CHECKING:  # the mixin is only ever mixed into a form
    _Form = forms.BaseForm
else:
    _Form = object


class DsfrFormMixin(_Form):
    """django-dsfr's rendering of fields, for forms and model forms alike.

    Optional fields are marked « (facultatif) », as the DSFR now recommends, and the
    transitional warnings of DsfrBaseForm.get_context are not raised."""

    # The renderer is settings.FORM_RENDERER, created once per process (its templates stay compiled).
    template_name = "dsfr/form_snippet.html"
    bound_field_class = DsfrBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        harden(self)
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)
        # The classes are set on the widgets; the bound fields are made again on demand, so
        # that a label a form changes after this point (« Rôle auprès du poste ») is shown.
        self._bound_fields_cache.clear()  # type: ignore[attr-defined]  # Django's own cache of bound fields

    def get_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context()
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context


class BaseForm(DsfrFormMixin, forms.Form):
    pass


class BaseModelForm(DsfrFormMixin, forms.ModelForm):  # type: ignore[type-arg]  # of any model
    pass
