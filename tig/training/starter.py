"""The starter course for new tutors, written for this platform from the law and its own rules
(docs/regles.md): what a TIG and a TNR are, the tutor's role, what the tutor sees and must not
ask, the hours and incidents in the platform (with screenshots of the platform itself), whom to
call. Loaded by `manage.py load_training`, once: a version already there is never rewritten (a
change is a new version, written in the platform's authoring pages)."""

import secrets
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from tig.training.enums import MediaKind, VersionStatus
from tig.training.models import Choice, Course, CourseVersion, Lesson, Media, Module, Question

SLUG = "accueillir-une-personne-en-tig"

# (module title, [(lesson title, minutes, body)], [(question, explanation, [(answer, right)])])
MODULES = [
    (
        "Le TIG et le TNR en bref",
        [
            (
                "Une peine de travail, utile à tous",
                6,
                """Le travail d'intérêt général (TIG) est une peine : au lieu de la prison, un tribunal demande à une personne condamnée de travailler, sans être payée, au profit de la collectivité.

## Ce que dit la loi
- La durée va de 20 à 400 heures.
- Le travail doit être fait dans un délai fixé par le juge, au plus 18 mois.
- La personne doit être d'accord : le juge lui pose la question à l'audience.
- Les mineurs de 16 à 18 ans peuvent aussi faire un TIG, avec des postes adaptés.

## Le travail non rémunéré (TNR)
Le TNR ressemble au TIG, mais ce n'est pas une peine : le procureur le propose avant tout procès, dans une composition pénale. Il dure au plus 100 heures. Pour vous, l'accueil se passe de la même façon.

## Qui suit la personne
Le service pénitentiaire d'insertion et de probation (SPIP), ou la protection judiciaire de la jeunesse (PJJ) pour un mineur, choisit le poste, suit la mesure et valide les heures. Vous n'êtes pas seul : un conseiller est votre interlocuteur.""",
            )
        ],
        [
            (
                "Combien d'heures peut durer un TIG ?",
                "La loi fixe entre 20 et 400 heures, à faire dans le délai fixé par le juge, 18 mois au plus.",
                [
                    ("De 20 à 400 heures", True),
                    ("De 1 à 100 heures", False),
                    ("Autant que la structure le souhaite", False),
                ],
            ),
            (
                "Qui suit la personne pendant sa mesure ?",
                "Le SPIP suit les majeurs, la PJJ les mineurs ; le conseiller est votre interlocuteur.",
                [
                    ("Le SPIP, ou la PJJ pour un mineur", True),
                    ("La structure d'accueil seule", False),
                    ("La police", False),
                ],
            ),
        ],
    ),
    (
        "Le rôle du tuteur",
        [
            (
                "Accueillir, confier, accompagner",
                7,
                """Le tuteur est la personne de la structure qui accueille la personne et encadre son travail. Il n'a pas à être un spécialiste : il montre le travail et il est présent.

## Le premier jour
- Présentez-vous, présentez l'équipe et les lieux.
- Expliquez les tâches prévues sur le poste, les horaires et les pauses.
- Montrez les consignes de sécurité et remettez les équipements de protection nécessaires.
- Dites à qui s'adresser en votre absence.

## Les tâches
Vous ne confiez que les tâches du poste inscrit. Une tâche dangereuse ou qui demande une qualification (conduite d'engin, travail en hauteur) n'est pas confiée sans accord du conseiller.

## La sécurité
La personne est couverte par l'État pour les accidents du travail pendant son TIG. En cas d'accident, même léger, prévenez le conseiller le jour même.""",
            )
        ],
        [
            (
                "Quelles tâches pouvez-vous confier ?",
                "Seulement celles du poste inscrit ; pour une autre tâche, demandez d'abord au conseiller.",
                [
                    ("Les tâches du poste inscrit", True),
                    ("Toute tâche utile à la structure", False),
                    ("Des tâches dangereuses si la personne est d'accord", False),
                ],
            ),
            (
                "Que faites-vous le premier jour ? (plusieurs réponses)",
                "Présenter l'équipe, les tâches et les horaires, et montrer les consignes de sécurité : le reste n'est pas votre rôle.",
                [
                    ("Présenter l'équipe et les tâches", True),
                    ("Montrer les consignes de sécurité", True),
                    ("Demander le motif de la condamnation", False),
                ],
            ),
        ],
    ),
    (
        "Ce que vous savez de la personne, et ce que vous ne demandez pas",
        [
            (
                "Savoir ce qui est utile, rien de plus",
                5,
                """La plateforme ne vous donne de la personne que ce dont vous avez besoin : son nom, les tâches confiées, ses horaires et ses heures.

## Ce que vous ne demandez pas
- Le motif de la condamnation.
- Son passé judiciaire, sa santé, sa situation familiale.

Si la personne en parle d'elle-même, écoutez sans juger, et n'en parlez à personne d'autre.

## La discrétion
Dans l'équipe, seules les personnes qui travaillent avec elle savent qu'elle accomplit un TIG. Pour les autres, c'est une personne qui vient aider. Ne diffusez ni son nom ni sa situation.""",
            )
        ],
        [
            (
                "Que voyez-vous d'une personne sur la plateforme ?",
                "Son nom, ses tâches, ses horaires et ses heures : rien sur sa condamnation.",
                [
                    ("Son nom, ses tâches, ses horaires et ses heures", True),
                    ("Le motif de sa condamnation", False),
                    ("Son adresse et sa date de naissance", False),
                ],
            ),
            (
                "Un collègue vous demande pourquoi la personne est là. Que répondez-vous ?",
                "La situation de la personne ne regarde que ceux qui l'encadrent : vous restez discret.",
                [
                    ("Qu'elle vient aider l'équipe, sans plus de détail", True),
                    ("Le motif de sa condamnation", False),
                ],
            ),
        ],
    ),
    (
        "Les heures et les incidents sur la plateforme",
        [
            (
                "Saisir les heures",
                5,
                """Les heures faites comptent pour la peine. Vous les saisissez sur la plateforme, dans « Personnes accueillies », le jour même ou à la fin de la semaine.

## Comment
- Ouvrez la fiche de la personne.
- Indiquez la date et le nombre d'heures faites ce jour-là.
- Le conseiller valide ensuite les heures : seules les heures validées comptent.

Une erreur ? Le conseiller peut écarter une saisie en vous disant pourquoi ; vous saisissez alors la bonne.""",
            ),
            (
                "Signaler une absence ou un incident",
                5,
                """Une absence sans excuse, un retard répété, un comportement qui pose problème ou un accident : signalez-le sur la plateforme, depuis la fiche de la personne, avec « Signaler un incident ».

## En cas de danger
Vous pouvez suspendre le travail tout de suite. Mettez d'abord les personnes en sécurité, puis signalez l'incident : le conseiller est prévenu et décide de la suite avec le juge.""",
            ),
        ],
        [
            (
                "Quelles heures comptent pour la peine ?",
                "Les heures saisies par la structure puis validées par le conseiller.",
                [("Les heures validées par le conseiller", True), ("Toutes les heures saisies", False)],
            ),
            (
                "La personne met un collègue en danger. Que faites-vous d'abord ?",
                "La sécurité d'abord : vous suspendez le travail, puis vous signalez l'incident sur la plateforme.",
                [
                    ("Suspendre le travail, puis signaler l'incident", True),
                    ("Attendre la fin de la journée pour en parler", False),
                ],
            ),
        ],
    ),
    (
        "Qui appeler",
        [
            (
                "Vos interlocuteurs",
                3,
                """## Pour la personne accueillie
Le conseiller du SPIP (ou l'éducateur de la PJJ pour un mineur) dont le nom figure sur la décision d'affectation. C'est lui qu'on prévient pour une absence, un incident ou une question sur les tâches.

## Pour la structure et ses postes
Le référent territorial du TIG de votre département : il vous aide à proposer des postes, à les faire inscrire et à faire vivre l'accueil.

## En urgence
Les secours d'abord (15, 18 ou 112), puis le conseiller.""",
            )
        ],
        [
            (
                "La personne ne vient pas depuis deux jours. Qui prévenez-vous ?",
                "Le conseiller qui suit la mesure : il décide de la suite.",
                [
                    ("Son conseiller du SPIP ou de la PJJ", True),
                    ("Le référent territorial", False),
                    ("Personne", False),
                ],
            ),
        ],
    ),
]


# The screenshots of the platform shown in lessons (tig/training/screenshots.py takes them again):
# {lesson title: [(file in tig/training/starter/, title, text for those who do not see it)]}
SCREENSHOTS = {
    "Saisir les heures": [
        (
            "personnes-accueillies.png",
            "La liste « Personnes accueillies »",
            "La page Personnes accueillies : un tableau donne pour chaque personne son poste, ses horaires, les heures "
            "validées sur les heures prononcées et les heures à valider ; le nom de la personne ouvre sa fiche.",
        ),
        (
            "saisie-heures.png",
            "Saisir des heures sur la fiche de la personne",
            "Le formulaire Saisir des heures : la date, puis les heures effectuées par demi-heure, et le bouton "
            "Enregistrer les heures. Dessous, la feuille d'heures dit pour chaque jour si les heures sont validées "
            "ou à valider.",
        ),
    ],
    "Signaler une absence ou un incident": [
        (
            "signaler-incident.png",
            "Signaler un incident sur la fiche de la personne",
            "Le formulaire Signaler un incident : la nature, la date des faits, ce qui s'est passé, puis la suite "
            "donnée par la structure, le travail continue ou est suspendu en cas de danger immédiat ou de faute grave.",
        ),
    ],
}
SCREENSHOTS_DIR = Path(__file__).resolve().parent / "starter"


def _screenshots(lesson: Lesson) -> None:
    for position, (name, title, alt) in enumerate(SCREENSHOTS.get(lesson.title, []), start=1):
        content = (SCREENSHOTS_DIR / name).read_bytes()
        item = Media(
            lesson=lesson,
            position=position,
            kind=MediaKind.IMAGE,
            title=title,
            alt=alt,
            content_type="image/png",
            size=len(content),
            original_name=name,
        )
        item.file.save(f"{secrets.token_hex(16)}.png", ContentFile(content), save=False)
        item.save()


def load() -> CourseVersion:
    """The course and its first version, published; left as it is when already there."""
    with transaction.atomic():
        course, _ = Course.objects.get_or_create(
            slug=SLUG,
            defaults={
                "for_new_tutors": True,
                "title": "Accueillir une personne en travail d'intérêt général",
                "summary": "La formation de départ du tuteur : le TIG et le TNR, votre rôle, ce que vous savez de la "
                "personne, les heures et les incidents sur la plateforme, qui appeler. Environ 40 minutes.",
            },
        )
        version = course.versions.filter(number=1).first()
        if version is not None:
            return version
        version = CourseVersion.objects.create(
            course=course, number=1, status=VersionStatus.PUBLISHED, published_at=timezone.now()
        )
        for module_position, (title, lessons, questions) in enumerate(MODULES, start=1):
            module = Module.objects.create(version=version, position=module_position, title=title)
            for position, (lesson_title, minutes, body) in enumerate(lessons, start=1):
                lesson = Lesson.objects.create(
                    module=module, position=position, title=lesson_title, minutes=minutes, body=body
                )
                _screenshots(lesson)
            for position, (text, explanation, answers) in enumerate(questions, start=1):
                question = Question.objects.create(module=module, position=position, text=text, explanation=explanation)
                Choice.objects.bulk_create(
                    Choice(question=question, position=index, text=answer, correct=right)
                    for index, (answer, right) in enumerate(answers, start=1)
                )
        return version
