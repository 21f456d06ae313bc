"""The training area's pages (docs/regles.md, F1–F8). For learners: the courses, a course's outline
with the learner's progress, a lesson and its media, a module's quiz, the attestation. For
authors: the courses they write, a draft's parts, the review. The follow-up of the tutors, the
withdrawal of an attestation. Each view parses, calls services.py (or reads learning.py,
authoring.py, progress.py), renders; whoever may not see a page gets 404."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tig.accounts.enums import Role
from tig.accounts.models import User
from tig.accounts.typing import AuthenticatedRequest
from tig.core.exceptions import Refused
from tig.core.params import parse_int
from tig.core.pdf import pdf_response
from tig.core.shortcuts import render_form
from tig.habilitations.documents import open_or_404
from tig.territories.models import Departement
from tig.training import attestation, authoring, invitations, learning, perms, progress, services
from tig.training.enums import MediaKind, VersionStatus
from tig.training.forms import (
    CourseForm,
    InviteForm,
    LessonForm,
    MediaForm,
    ModuleForm,
    QuestionForm,
    QuizForm,
    ReviewForm,
    RevokeForm,
)
from tig.training.markup import render as render_body
from tig.training.models import Completion, Course, CourseVersion, Lesson, Media, Module, NationalAuthor, Question


def _learner(request: AuthenticatedRequest) -> None:
    if not perms.can_learn(request.user):
        raise Http404("Page introuvable.")


def _version(request: AuthenticatedRequest, slug: str) -> CourseVersion:
    _learner(request)
    return get_object_or_404(learning.visible_versions(request.user), course__slug=slug)


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Formation", reverse("training:courses")), *items]


@login_required
@require_GET
def courses(request: AuthenticatedRequest) -> HttpResponse:
    _learner(request)
    versions = list(learning.visible_versions(request.user).order_by("course__departement_id", "course__title"))
    context = {
        "rows": learning.overview(request.user, versions),
        "can_author": perms.can_write_courses(request.user),
        "can_follow_up": perms.can_follow_up(request.user),
        "can_revoke": perms.can_revoke_attestation(request.user),
        "breadcrumb": [("Formation", None)],
    }
    return render(request, "training/courses.html", context)


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
        "media": list(shown.media.all()),
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


# The media of a lesson: served to its learners, and to its authors (F7) ------------------------


def _media(request: AuthenticatedRequest, pk: int) -> Media:
    """A lesson's file, for whoever reads the lesson: a learner of a version that was online (a
    completion keeps its version readable), or an author of the course."""
    item = get_object_or_404(Media.objects.select_related("lesson__module__version__course"), pk=pk)
    version = item.lesson.module.version
    if authoring.may_author(request.user, version.course):
        return item
    online = version.status in (VersionStatus.PUBLISHED, VersionStatus.RETIRED)
    if online and perms.sees_course(
        request.user, version.course.departement_id, learning.own_departements(request.user)
    ):
        return item
    raise Http404("Page introuvable.")


@login_required
@require_GET
def media_file(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    item = _media(request, pk)
    handle = open_or_404(item.file, "Le fichier de ce média est introuvable.")
    download = item.kind == MediaKind.DOCUMENT
    return FileResponse(handle, as_attachment=download, filename=item.original_name, content_type=item.content_type)


@login_required
@require_GET
def media_captions(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    item = _media(request, pk)
    if not item.captions:
        raise Http404("Ce média n'a pas de sous-titres.")
    handle = open_or_404(item.captions, "Les sous-titres de ce média sont introuvables.")
    return FileResponse(handle, content_type="text/vtt; charset=utf-8")


# Authoring (F5): the agency and the referents write the courses by versions ----------------------


def _writer(request: AuthenticatedRequest) -> None:
    if not perms.can_write_courses(request.user):
        raise Http404("Page introuvable.")


def _authored(request: AuthenticatedRequest, slug: str) -> Course:
    _writer(request)
    return get_object_or_404(authoring.authored_courses(request.user), slug=slug)


def _author_crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return _crumbs(("Rédaction", reverse("training:author_home")), *items)


def _places(user: User) -> list[tuple[str, str]]:
    """Where the user may write a course: « national » first when allowed, then départements."""
    places = []
    if perms.can_author(user, None, national_author=authoring.is_national_author(user)):
        places.append((NATIONAL, "Toutes les structures (formation nationale)"))
    departements = Departement.objects.order_by("code")
    if not user.is_national_admin:
        departements = departements.filter(code__in=list(user.referent_departement_codes))
    places += [(departement.code, str(departement)) for departement in departements]
    return places


NATIONAL = "national"


@login_required
@require_http_methods(["GET", "POST"])
def author_home(request: AuthenticatedRequest) -> HttpResponse:
    _writer(request)
    form = CourseForm(request.POST or None, places=_places(request.user))
    if request.method == "POST" and form.is_valid():
        place = form.cleaned_data["departement"]
        try:
            version = services.create_course(
                request.user,
                form.cleaned_data["title"],
                form.cleaned_data["summary"],
                None if place == NATIONAL else place,
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Formation créée : écrivez son premier module.")
            return redirect("training:author_course", slug=version.course.slug)
    courses = list(authoring.authored_courses(request.user).prefetch_related("versions"))
    context = {
        "courses": courses,
        "form": form,
        "can_grant": perms.can_grant_national_authoring(request.user),
        "breadcrumb": _crumbs(("Rédaction", None)),
    }
    return render_form(request, "training/author_home.html", context)


@login_required
@require_GET
def author_course(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    course = _authored(request, slug)
    work = authoring.current_work(course)
    context = {
        "course": course,
        "versions": list(course.versions.all()),
        "work": work,
        "outline": authoring.outline(work) if work else [],
        "may_publish": work is not None and authoring.may_publish(request.user, work),
        "review_form": ReviewForm(),
        "course_form": CourseForm(initial={"title": course.title, "summary": course.summary}),
        "breadcrumb": _author_crumbs((course.title, None)),
    }
    return render(request, "training/author_course.html", context)


def _act(request: AuthenticatedRequest, course: Course, step: Any, done: str) -> HttpResponse:
    """Run an authoring step, say how it went, back to the course's page."""
    try:
        step()
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("training:author_course", slug=course.slug)


@login_required
@require_POST
def author_course_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    course = _authored(request, slug)
    form = CourseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "L'intitulé et la présentation sont à remplir (200 et 2 000 caractères au plus).")
        return redirect("training:author_course", slug=slug)
    title, summary = form.cleaned_data["title"], form.cleaned_data["summary"]
    return _act(request, course, lambda: services.update_course(request.user, course, title, summary), "Enregistré.")


@login_required
@require_POST
def author_new_version(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    course = _authored(request, slug)
    return _act(
        request,
        course,
        lambda: services.new_version(request.user, course),
        "Nouvelle version en brouillon, copiée de la précédente : la version en ligne le reste jusqu'à la publication.",
    )


def _work(request: AuthenticatedRequest, slug: str, pk: int) -> tuple[Course, CourseVersion]:
    course = _authored(request, slug)
    return course, get_object_or_404(course.versions, pk=pk)


@login_required
@require_POST
def author_submit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    course, version = _work(request, slug, pk)
    return _act(
        request,
        course,
        lambda: services.submit(request.user, version),
        "Version envoyée en relecture : une autre personne qui rédige les formations de ce territoire la publiera.",
    )


@login_required
@require_POST
def author_send_back(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    course, version = _work(request, slug, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Dites ce qui est à reprendre.")
        return redirect("training:author_course", slug=slug)
    note = form.cleaned_data["note"]
    return _act(
        request, course, lambda: services.send_back(request.user, version, note), "Version renvoyée en brouillon."
    )


@login_required
@require_POST
def author_publish(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    course, version = _work(request, slug, pk)
    return _act(
        request,
        course,
        lambda: services.publish(request.user, version),
        "Version publiée. Les formations terminées sur la version précédente restent acquises.",
    )


# The parts of a draft: a module, a lesson, a question — one form page each, made or changed.


def _module(course: Course, pk: int) -> Module:
    return get_object_or_404(Module.objects.select_related("version__course"), pk=pk, version__course=course)


@login_required
@require_http_methods(["GET", "POST"])
def author_module(request: AuthenticatedRequest, slug: str, pk: int, module_pk: int | None = None) -> HttpResponse:
    """A new module of the version `pk`, or its module `module_pk` changed."""
    course, version = _work(request, slug, pk)
    module = get_object_or_404(version.modules, pk=module_pk) if module_pk else None
    initial = {"title": module.title, "pass_score": module.pass_score} if module else None
    form = ModuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_module(
                request.user, version, module, form.cleaned_data["title"], form.cleaned_data["pass_score"]
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Module enregistré.")
            return redirect("training:author_course", slug=slug)
    return _part_form(request, course, form, "Modifier le module" if module else "Nouveau module")


@login_required
@require_http_methods(["GET", "POST"])
def author_lesson(request: AuthenticatedRequest, slug: str, pk: int, lesson_pk: int | None = None) -> HttpResponse:
    """A new lesson of the module `pk`, or its lesson `lesson_pk` changed (with its media)."""
    course = _authored(request, slug)
    module = _module(course, pk)
    lesson = get_object_or_404(module.lessons, pk=lesson_pk) if lesson_pk else None
    form = LessonForm(request.POST or None, initial=_lesson_initial(lesson) if lesson else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_lesson(request.user, module, lesson, data["title"], data["minutes"], data["body"])
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Leçon enregistrée. Ajoutez-y une image, une vidéo ou un document si besoin.")
            return redirect("training:author_lesson", slug=slug, pk=module.pk, lesson_pk=saved.pk)
    return _lesson_page(request, course, module, lesson, form)


def _lesson_initial(lesson: Lesson) -> dict[str, Any]:
    return {"title": lesson.title, "minutes": lesson.minutes, "body": lesson.body}


def _lesson_page(
    request: AuthenticatedRequest,
    course: Course,
    module: Module,
    lesson: Lesson | None,
    form: LessonForm,
    media_form: MediaForm | None = None,
) -> HttpResponse:
    """A lesson's form page, with its preview and its media (a refused media form answers 400)."""
    media_form = media_form or MediaForm(prefix="media")
    extra = {
        "lesson": lesson,
        "module": module,
        "media": list(lesson.media.all()) if lesson else [],
        "media_form": media_form,
        "preview": render_body(lesson.body) if lesson else "",
    }
    response = _part_form(request, course, form, "Modifier la leçon" if lesson else "Nouvelle leçon", extra)
    if media_form.is_bound and media_form.errors:
        response.status_code = 400
    return response


@login_required
@require_http_methods(["GET", "POST"])
def author_question(request: AuthenticatedRequest, slug: str, pk: int, question_pk: int | None = None) -> HttpResponse:
    """A new question of the module `pk`'s quiz, or its question `question_pk` changed."""
    course = _authored(request, slug)
    module = _module(course, pk)
    question = get_object_or_404(module.questions.prefetch_related("choices"), pk=question_pk) if question_pk else None
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question) if question else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_question(request.user, module, question, data["text"], data["explanation"], data["choices"])
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Question enregistrée.")
            return redirect("training:author_course", slug=slug)
    return _part_form(request, course, form, "Modifier la question" if question else "Nouvelle question du quiz")


def _part_form(
    request: AuthenticatedRequest, course: Course, form: Any, title: str, extra: dict[str, Any] | None = None
) -> HttpResponse:
    context = {
        "course": course,
        "form": form,
        "title": title,
        "breadcrumb": _author_crumbs(
            (course.title, reverse("training:author_course", args=[course.slug])), (title, None)
        ),
        **(extra or {}),
    }
    return render_form(request, "training/author_part.html", context)


@login_required
@require_POST
def author_media(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """A file added to the lesson `pk`."""
    course = _authored(request, slug)
    lesson = get_object_or_404(Lesson.objects.select_related("module__version"), pk=pk, module__version__course=course)
    form = MediaForm(request.POST, request.FILES, prefix="media")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_media(
                request.user,
                lesson,
                data["kind"],
                data["title"],
                data["file"],
                alt=data["alt"],
                captions=data["captions"],
                transcript=data["transcript"],
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Média ajouté à la leçon.")
            return redirect("training:author_lesson", slug=slug, pk=lesson.module_id, lesson_pk=lesson.pk)
    return _lesson_page(request, course, lesson.module, lesson, LessonForm(initial=_lesson_initial(lesson)), form)


# The parts of a draft by the word of their address (to delete or move one).
DELETABLE: dict[str, type[services.Part]] = {
    "module": Module,
    "lecon": Lesson,
    "question": Question,
    "media": Media,
}
COURSE_OF = {
    "module": "version__course",
    "lecon": "module__version__course",
    "question": "module__version__course",
    "media": "lesson__module__version__course",
}


def _part(course: Course, what: str, pk: int) -> services.Part:
    """A part of one of the course's versions, named in the address (404 otherwise)."""
    if what not in DELETABLE:
        raise Http404("Page introuvable.")
    return cast(
        services.Part,
        get_object_or_404(DELETABLE[what]._default_manager.all(), pk=pk, **{COURSE_OF[what]: course}),
    )


@login_required
@require_POST
def author_delete(request: AuthenticatedRequest, slug: str, what: str, pk: int) -> HttpResponse:
    course = _authored(request, slug)
    item = _part(course, what, pk)
    return _act(request, course, lambda: services.delete_item(request.user, item), "Supprimé du brouillon.")


DIRECTIONS = {"haut": True, "bas": False}


@login_required
@require_POST
def author_move(request: AuthenticatedRequest, slug: str, what: str, pk: int, direction: str) -> HttpResponse:
    course = _authored(request, slug)
    if direction not in DIRECTIONS:
        raise Http404("Page introuvable.")
    item = _part(course, what, pk)
    try:
        services.move(request.user, item, DIRECTIONS[direction])
    except Refused as refusal:
        messages.error(request, str(refusal))
    if isinstance(item, Media):
        return redirect("training:author_lesson", slug=slug, pk=item.lesson.module_id, lesson_pk=item.lesson_id)
    return redirect("training:author_course", slug=slug)


@login_required
@require_POST
def author_abandon(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    course, version = _work(request, slug, pk)
    try:
        services.abandon(request.user, version)
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("training:author_course", slug=slug)
    messages.success(request, "Brouillon abandonné.")
    if Course.objects.filter(pk=course.pk).exists():
        return redirect("training:author_course", slug=slug)
    return redirect("training:author_home")


@login_required
@require_http_methods(["GET", "POST"])
def national_authors(request: AuthenticatedRequest) -> HttpResponse:
    """The agency lets referents write the national courses too."""
    if not perms.can_grant_national_authoring(request.user):
        raise Http404("Page introuvable.")
    if request.method == "POST":
        referent = get_object_or_404(
            User.objects.filter(role=Role.REFERENT), pk=parse_int(request.POST.get("referent", ""), minimum=1) or 0
        )
        step = (
            services.withdraw_national_authoring
            if request.POST.get("action") == "retirer"
            else services.grant_national_authoring
        )
        try:
            step(request.user, referent)
        except Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Enregistré.")
        return redirect("training:national_authors")
    authors = set(NationalAuthor.objects.values_list("user_id", flat=True))
    referents = list(
        User.objects.filter(role=Role.REFERENT, is_active=True)
        .prefetch_related("departements")
        .order_by("last_name", "first_name")
    )
    context = {
        "referents": [(referent, referent.pk in authors) for referent in referents],
        "breadcrumb": _author_crumbs(("Rédacteurs des formations nationales", None)),
    }
    return render(request, "training/national_authors.html", context)


# Following the training (F8) --------------------------------------------------------------------

FOLLOW_PAGE = 50


@login_required
@require_GET
def follow_up(request: AuthenticatedRequest) -> HttpResponse:
    scope = progress.scope_of(request.user)
    if scope is None or not perms.can_follow_up(request.user):
        raise Http404("Page introuvable.")
    courses = list(progress.followed_courses(request.user))
    if not courses:
        return render(request, "training/follow_up.html", {"courses": [], "breadcrumb": _crumbs(("Suivi", None))})
    chosen = request.GET.get("formation", "")
    course = next((c for c in courses if c.slug == chosen), courses[0])
    state = request.GET.get("etat", "")
    if state not in progress.STATES:
        state = ""
    search = request.GET.get("q", "")[:100]
    of = progress.parts(course)
    found = progress.learners(scope, course, search, of)
    page = Paginator(progress.in_state(found, state), FOLLOW_PAGE).get_page(request.GET.get("page"))
    shown = progress.lines(list(page), course, of)
    version = course.versions.filter(status=VersionStatus.PUBLISHED).first()
    total, done = progress.steps([line.user_id for line in shown], version)
    context = {
        "courses": courses,
        "course": course,
        "state": state,
        "states": progress.STATES,
        "search": search,
        "page": page,
        "rows": [(line, progress.STATES[progress.state_of(line)], done.get(line.user_id)) for line in shown],
        "total": total,
        "summary": progress.summary(found),
        "breadcrumb": _crumbs(("Suivi de la formation", None)),
    }
    return render(request, "training/follow_up.html", context)


@login_required
@require_POST
def follow_up_invite(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    if progress.scope_of(request.user) is None or not perms.can_follow_up(request.user):
        raise Http404("Page introuvable.")
    course = get_object_or_404(progress.followed_courses(request.user), slug=slug)
    form = InviteForm(request.POST)
    member = get_object_or_404(User, pk=form.cleaned_data["member"]) if form.is_valid() else None
    if member is None:
        raise Http404("Page introuvable.")
    try:
        invitations.invite_member(request.user, member, course)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{member.get_full_name()} est invité à la formation « {course.title} ».")
    return redirect(f"{reverse('training:follow_up')}?formation={course.slug}")


# Withdrawing an attestation (F4): the agency only -------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request: AuthenticatedRequest) -> HttpResponse:
    if not perms.can_revoke_attestation(request.user):
        raise Http404("Page introuvable.")
    form = RevokeForm(request.POST or None, initial={"code": request.GET.get("code", "")[:40]})
    if request.method == "POST" and form.is_valid():
        found = attestation.verify(form.cleaned_data["code"])
        if found.malformed:
            form.add_error("code", "Un code de vérification a 12 caractères, chiffres et lettres de A à F.")
        elif found.completion is None:
            form.add_error("code", "Aucune attestation ne porte ce code.")
        else:
            try:
                attestation.revoke(request.user, found.completion, form.cleaned_data["reason"])
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    f"Attestation {found.completion.code} retirée : la page de vérification le dit désormais.",
                )
                return redirect("training:revoke")
    context = {
        "form": form,
        "revoked": list(
            Completion.objects.filter(revoked_at__isnull=False)
            .select_related("user", "version__course")
            .order_by("-revoked_at")[:20]
        ),
        "breadcrumb": _crumbs(("Retirer une attestation", None)),
    }
    return render_form(request, "training/revoke.html", context)
