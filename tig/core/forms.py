from django import forms
from dsfr.forms import DsfrBoundField
from dsfr.utils import dsfr_input_class_attr


class DsfrFormMixin:
    """django-dsfr's rendering of fields, for forms and model forms alike.

    Optional fields are marked « (facultatif) », as the DSFR now recommends, and the
    transitional warnings of DsfrBaseForm.get_context are not raised."""

    # The renderer is settings.FORM_RENDERER, created once per process (its templates stay compiled).
    template_name = "dsfr/form_snippet.html"
    bound_field_class = DsfrBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)
        # The classes are set on the widgets; the bound fields are made again on demand, so
        # that a label a form changes after this point (« Rôle auprès du poste ») is shown.
        self._bound_fields_cache.clear()

    def get_context(self):
        context = super().get_context()
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context


class BaseForm(DsfrFormMixin, forms.Form):
    pass


class BaseModelForm(DsfrFormMixin, forms.ModelForm):
    pass
