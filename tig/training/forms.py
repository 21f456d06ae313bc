from typing import Any

from django import forms

from tig.core.forms import BaseForm
from tig.training import media
from tig.training.enums import MediaKind
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


class CourseForm(BaseForm):
    title = forms.CharField(label="Intitulé", max_length=200)
    summary = forms.CharField(label="Présentation", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    departement = forms.ChoiceField(
        label="Pour qui", help_text="Une formation nationale s'adresse à toutes les structures d'accueil."
    )

    def __init__(self, *args: Any, places: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if places is None:  # the course exists: its territory stays
            del self.fields["departement"]
        else:
            field = self.fields["departement"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = places


class ModuleForm(BaseForm):
    title = forms.CharField(label="Intitulé du module", max_length=200)
    pass_score = forms.IntegerField(label="Score pour réussir le quiz (%)", min_value=1, max_value=100, initial=80)


class LessonForm(BaseForm):
    title = forms.CharField(label="Intitulé de la leçon", max_length=200)
    minutes = forms.IntegerField(label="Durée de lecture (minutes)", min_value=1, max_value=120, initial=5)
    body = forms.CharField(
        label="Contenu",
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=20000,
        help_text="Texte simple : « ## » en début de ligne pour un intertitre, « - » pour un élément de liste, "
        "une ligne vide entre deux paragraphes.",
    )


class QuestionForm(BaseForm):
    text = forms.CharField(label="Question", max_length=300)
    choices = forms.CharField(
        label="Réponses proposées",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        help_text="Une réponse par ligne, deux au moins ; une étoile « * » devant chaque bonne réponse.",
    )
    explanation = forms.CharField(
        label="Explication, montrée après la réponse", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def clean_choices(self) -> list[tuple[str, bool]]:
        found = []
        for line in self.cleaned_data["choices"].splitlines():
            text = line.strip()
            right = text.startswith("*")
            text = text.lstrip("*").strip()
            if text:
                if len(text) > 300:
                    raise forms.ValidationError("Une réponse tient en 300 caractères au plus.")
                found.append((text, right))
        if len(found) < 2:
            raise forms.ValidationError("Proposez au moins deux réponses, une par ligne.")
        if not any(right for _text, right in found):
            raise forms.ValidationError("Marquez d'une étoile « * » au moins une bonne réponse.")
        if len(found) > 8:
            raise forms.ValidationError("Proposez huit réponses au plus.")
        return found

    @staticmethod
    def initial_for(question: Question) -> dict[str, str]:
        return {
            "text": question.text,
            "explanation": question.explanation,
            "choices": "\n".join(f"{'* ' if c.correct else ''}{c.text}" for c in question.choices.all()),
        }


class MediaForm(BaseForm):
    kind = forms.ChoiceField(label="Type", choices=MediaKind.choices)
    title = forms.CharField(label="Titre", max_length=200)
    file = forms.FileField(
        label="Fichier",
        help_text="Image PNG, JPEG ou WebP (2 Mo au plus) ; vidéo MP4 ou WebM, son MP3 ou Ogg (100 Mo au plus) ; "
        "document PDF (10 Mo au plus).",
    )
    alt = forms.CharField(
        label="Texte de remplacement (image)",
        max_length=300,
        required=False,
        help_text="Ce que montre l'image, pour qui ne la voit pas.",
    )
    captions = forms.FileField(label="Sous-titres WebVTT (vidéo ou son)", required=False)
    transcript = forms.CharField(
        label="Transcription (vidéo ou son)",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=50000,
        required=False,
        help_text="Tout ce qui est dit et montré, pour lire la leçon sans la vidéo.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, upload = data.get("kind"), data.get("file")
        if kind and upload:
            try:
                media.validate(kind, upload)
            except forms.ValidationError as error:
                self.add_error("file", error)
        if kind == MediaKind.IMAGE and not (data.get("alt") or "").strip():
            self.add_error("alt", "Décrivez l'image : ce texte la remplace pour qui ne la voit pas.")
        if kind in (MediaKind.VIDEO, MediaKind.AUDIO):
            if not data.get("captions"):
                self.add_error("captions", "Joignez les sous-titres au format WebVTT.")
            else:
                try:
                    media.validate_captions(data["captions"])
                except forms.ValidationError as error:
                    self.add_error("captions", error)
            if not (data.get("transcript") or "").strip():
                self.add_error("transcript", "Écrivez la transcription : la leçon doit se lire sans la vidéo.")
        return data


class ReviewForm(BaseForm):
    note = forms.CharField(label="Ce qui est à reprendre", widget=forms.Textarea(attrs={"rows": 4}), max_length=3000)


class RevokeForm(BaseForm):
    code = forms.CharField(label="Code de vérification de l'attestation", max_length=40)
    reason = forms.CharField(label="Motif du retrait", max_length=255)


class InviteForm(BaseForm):
    member = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
