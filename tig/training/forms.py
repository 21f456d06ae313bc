from typing import Any

from django import forms

from tig.core.forms import BaseForm
from tig.training.models import Question


class QuizForm(BaseForm):
    """A field per question: one answer to choose, or several when more than one is right."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            choices = [(str(choice.pk), choice.text) for choice in question.choices.all()]
            several = sum(1 for choice in question.choices.all() if choice.correct) > 1
            label = f"{question.position}. {question.text}"
            field: forms.Field
            if several:
                field = forms.MultipleChoiceField(
                    label=label, choices=choices, widget=forms.CheckboxSelectMultiple, help_text="Plusieurs réponses."
                )
            else:
                field = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)
            field.error_messages["required"] = "Répondez à cette question."
            self.fields[f"q{question.pk}"] = field

    def answers(self) -> dict[int, frozenset[int]]:
        found = {}
        for question in self.questions:
            value = self.cleaned_data[f"q{question.pk}"]
            values = value if isinstance(value, list) else [value]
            found[question.pk] = frozenset(int(choice) for choice in values)
        return found
