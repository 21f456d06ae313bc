"""The training area's pages for learners (docs/regles.md, F1–F3): the courses, a course's outline
with the learner's progress, a lesson, a module's quiz. Each view parses, calls services.py or
learning.py, renders; whoever may not follow the training gets 404."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tig.accounts.typing import AuthenticatedRequest
from tig.core.exceptions import Refused
from tig.core.params import parse_int
from tig.core.pdf import pdf_response
from tig.core.shortcuts import render_form
from tig.training import attestation, learning, perms, services
from tig.training.forms import QuizForm
from tig.training.markup import render as render_body
from tig.training.models import Completion, CourseVersion, Lesson, Module


def _learner(request: AuthenticatedRequest) -> None:
    if not perms.can_learn(request.user):
        raise Http404("Page introuvable.")


def _version(request: AuthenticatedRequest, slug: str) -> CourseVersion:
    _learner(request)
    return get_object_or_404(learning.published_versions(), course__slug=slug)


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Formation", reverse("training:courses")), *items]


@login_required
@require_GET
def courses(request: AuthenticatedRequest) -> HttpResponse:
    _learner(request)
    rows = []
    for version in learning.published_versions().order_by("course__title"):
        modules = learning.modules(version)
        state = learning.state(request.user, version)
        lessons = sum(len(module.lessons.all()) for module in modules)
        rows.append((version, modules, state, lessons, len(state.done)))
    return render(request, "training/courses.html", {"rows": rows, "breadcrumb": [("Formation", None)]})


@login_required
@require_GET
def course(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    version = _version(request, slug)
    modules = learning.modules(version)
    state = learning.state(request.user, version)
    context = {
        "version": version,
        "modules": [(module, state.module_finished(module)) for module in modules],
        "state": state,
        "first": next((lesson for module in modules for lesson in module.lessons.all()), None),
        "breadcrumb": _crumbs((version.course.title, None)),
    }
    return render(request, "training/course.html", context)


@login_required
@require_GET
def lesson(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    version = _version(request, slug)
    shown = get_object_or_404(Lesson.objects.select_related("module"), pk=pk, module__version=version)
    # Where it stands: the lessons of the version in order, for « précédente » and « suivante ».
    order = list(
        Lesson.objects.filter(module__version=version)
        .order_by("module__position", "position")
        .values_list("pk", "module_id", flat=False)
    )
    index = [pk for pk, _module in order].index(shown.pk)
    previous = order[index - 1][0] if index > 0 else None
    following = order[index + 1][0] if index + 1 < len(order) else None
    last_of_module = following is None or order[index + 1][1] != shown.module_id
    state = learning.state(request.user, version)
    context = {
        "version": version,
        "lesson": shown,
        "body": render_body(shown.body),
        "done": shown.pk in state.done,
        "previous": previous,
        "following": following,
        "quiz_next": shown.module.questions.exists() and last_of_module,
        "breadcrumb": _crumbs(
            (version.course.title, reverse("training:course", args=[version.course.slug])), (shown.title, None)
        ),
    }
    return render(request, "training/lesson.html", context)


@login_required
@require_POST
def lesson_done(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    version = _version(request, slug)
    shown = get_object_or_404(Lesson.objects.select_related("module__version"), pk=pk, module__version=version)
    try:
        services.lesson_done(request.user, shown)
    except Refused as refusal:
        messages.error(request, str(refusal))
    following = request.POST.get("suite", "")
    if following == "quiz":
        return redirect("training:quiz", slug=slug, pk=shown.module_id)
    next_pk = parse_int(following, minimum=1)
    if next_pk is not None and Lesson.objects.filter(pk=next_pk, module__version=version).exists():
        return redirect("training:lesson", slug=slug, pk=next_pk)
    return redirect("training:course", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def quiz(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    version = _version(request, slug)
    module = get_object_or_404(Module.objects.select_related("version"), pk=pk, version=version)
    questions = list(module.questions.prefetch_related("choices"))
    if not questions:
        raise Http404("Ce module n'a pas de quiz.")
    form = QuizForm(request.POST if request.method == "POST" else None, questions=questions)
    context: dict[str, Any] = {
        "version": version,
        "module": module,
        "form": form,
        "breadcrumb": _crumbs(
            (version.course.title, reverse("training:course", args=[version.course.slug])),
            (f"Quiz : {module.title}", None),
        ),
    }
    if request.method == "POST" and form.is_valid():
        try:
            result = services.answer_quiz(request.user, module, form.answers())
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            answers = form.answers()
            context |= {
                "result": result,
                "review": [
                    (question, question.pk in result.right, answers.get(question.pk, frozenset()))
                    for question in questions
                ],
            }
            return render(request, "training/quiz_result.html", context)
    return render_form(request, "training/quiz.html", context)


@login_required
@require_GET
def attestation_pdf(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """The learner's own attestation (a withdrawn one is no longer delivered)."""
    _learner(request)
    completion = get_object_or_404(
        Completion.objects.select_related("user", "version__course"),
        code=code,
        user=request.user,
        revoked_at__isnull=True,
    )
    return pdf_response(attestation.pdf(completion), f"attestation-formation-{completion.code}.pdf")


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """Public: anyone handed an attestation checks its code (no account needed)."""
    raw = request.GET.get("code", "")[:40]
    context: dict[str, Any] = {"code": raw, "breadcrumb": [("Vérifier une attestation de formation", None)]}
    status = 200
    if raw:
        found = attestation.verify(raw)
        context["found"] = found
        status = 400 if found.malformed else 200
    return render(request, "training/verify.html", context, status=status)
