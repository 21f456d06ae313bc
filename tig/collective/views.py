"""The pages of the collective worksites' people: who is enrolled on a session and enrolling
more (the service's director), the attendance sheet (the supervisors, on a phone on site), each
user's sessions and sheets to fill. The sessions themselves are made and changed on the post's
pages (tig.posts, « Séances du chantier »)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tig.accounts.models import User
from tig.accounts.typing import AuthenticatedRequest
from tig.audit.recording import record_reads
from tig.collective import perms, services
from tig.collective.forms import EnrolForm, SheetForm
from tig.collective.models import Enrolment
from tig.core.exceptions import Refused
from tig.core.shortcuts import render_form
from tig.measures.models import Measure, Placement
from tig.organisations.perms import administered_organisations
from tig.posts import perms as posts_perms
from tig.posts.models import Post, Session

LISTED = 50  # sessions shown per list of the home page


def _sessions_of(user: User) -> QuerySet[Session]:
    """The sessions the user may open: those of the collective worksites whose sheet they may
    read, and those they supervise (a SPIP supervisor keeps them if the post leaves search)."""
    visible = Post.objects.visible_to(user).filter(collective=True).values("pk")
    supervised = Post.supervisors.through.objects.filter(user_id=user.pk).values("post_id")
    return Session.objects.filter(Q(post_id__in=visible) | Q(post_id__in=supervised))


def _session(request: AuthenticatedRequest, pk: int) -> Session:
    found: Session = get_object_or_404(
        _sessions_of(request.user).select_related("post__organisation", "post__commune"), pk=pk
    )
    return found


def _supervisor_ids(post: Post) -> set[int]:
    return set(post.supervisors.values_list("pk", flat=True))


@login_required
@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    """« Chantiers collectifs »: the sheets to fill and the sessions to come the user supervises;
    the host's worksites; for a service, the sessions with free places in its département."""
    user = request.user
    if not perms.opens_worksites(user):
        raise PermissionDenied("Cette page est celle des structures d'accueil et des services de probation.")
    now = timezone.now()
    supervised = Post.supervisors.through.objects.filter(user_id=user.pk).values("post_id")
    administered = administered_organisations(user)
    mine = Q(post_id__in=supervised) | Q(post__organisation_id__in=administered)
    live = Session.objects.filter(cancelled_at__isnull=True).select_related("post__commune")
    to_fill = (
        live.filter(mine, starts_at__lte=now)
        .filter(Exists(Enrolment.objects.to_mark().filter(session=OuterRef("pk"))))
        .order_by("starts_at", "pk")[:LISTED]
    )
    context = {
        "to_fill": list(to_fill),
        "supervised": list(live.filter(post_id__in=supervised, starts_at__gt=now).order_by("starts_at", "pk")[:LISTED]),
        "worksites": list(
            Post.objects.filter(organisation_id__in=administered, collective=True).order_by("title", "pk")
        ),
        "open_sessions": [],
        "breadcrumb": [("Chantiers collectifs", None)],
    }
    if user.service_id is not None and not user.is_host_staff:
        departement = user.service.departement_id if user.service else None
        context["open_sessions"] = list(
            live.filter(
                post__collective=True,
                post__listed=True,
                post__commune__departement_id=departement,
                starts_at__gt=now,
                seats_taken__lt=F("capacity"),
            ).order_by("starts_at", "pk")[:LISTED]
        )
    return render(request, "collective/home.html", context)


def _enrollable(user: User, session: Session) -> QuerySet[Measure]:
    """The measures the user may enrol on this session: open, of their caseload, not assigned
    elsewhere nor enrolled on it already; those whose assignment the user decides, that the
    worksite's conditions admit."""
    post = session.post
    elsewhere = Placement.objects.filter(measure=OuterRef("pk"), ended_at__isnull=True).exclude(post=post)
    here = Enrolment.objects.active().filter(session=session, placement__measure=OuterRef("pk"))
    found: QuerySet[Measure] = (
        Measure.objects.caseload_of(user)
        .open()
        .exclude(Exists(elsewhere))
        .exclude(Exists(here))
        .select_related("service")
        .order_by("last_name", "first_names", "pk")
    )
    # A director decides the assignments the judge did not reserve; a JAP, those they reserved.
    found = found.filter(assignment_reserved=user.is_jap)
    return found.filter(pk__in=[measure.pk for measure in found if not services.unfit(measure, post)])


@login_required
@require_http_methods(["GET", "POST"])
def session(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A session: its place and time, its seats, its participants (all of them for who fills
    the sheet, those of their own service for a service) and, for a director, the enrolment."""
    user = request.user
    current = _session(request, pk)
    post = current.post
    supervisors = _supervisor_ids(post)
    if not perms.opens_session(user, supervisors):
        raise PermissionDenied("La page d'une séance est celle des services de la justice et de la structure.")
    fills = perms.can_fill_sheet(user, post, supervisors)
    enrolled = Enrolment.objects.active().filter(session=current).select_related("placement__measure")
    if not fills:
        enrolled = enrolled.filter(placement__measure__in=Measure.objects.visible_to(user))
    following = 0
    if current.series is not None:
        following = Session.objects.filter(
            series=current.series, starts_at__gt=current.starts_at, cancelled_at__isnull=True
        ).count()
    form = None
    can_enrol = perms.can_enrol(user) and not current.is_cancelled and current.starts_at > timezone.now()
    if can_enrol:
        form = EnrolForm(
            request.POST if request.method == "POST" else None,
            measures=_enrollable(user, current),
            session=current,
            following=following,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                made = services.enrol(
                    user,
                    current,
                    list(data["measures"]),
                    whole_series=data.get("whole_series", False),
                    tasks=data["tasks"],
                    medical_triggers=data["medical_triggers"],
                )
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                people = len({enrolment.placement_id for enrolment in made})
                messages.success(
                    request,
                    f"Inscription enregistrée : {people} personne{'s' if people > 1 else ''}, {len(made)} "
                    f"place{'s' if len(made) > 1 else ''} prise{'s' if len(made) > 1 else ''}. Les décisions "
                    "d'affectation et les courriers sont sur la page de chaque mesure.",
                )
                return redirect("collective:session", pk=current.pk)
    elif request.method == "POST":
        raise PermissionDenied("L'inscription est décidée par le directeur du service.")
    participants = list(enrolled.order_by("placement__measure__last_name", "pk"))
    record_reads(user, [participant.placement.measure for participant in participants], "séance d'un chantier")
    context = {
        "session": current,
        "post": post,
        "participants": participants,
        "sees_all": fills,
        "can_fill": fills and current.starts_at <= timezone.now() and not current.is_cancelled,
        "can_manage": posts_perms.can_edit_post(user, post),
        "can_withdraw": perms.can_enrol(user) and current.starts_at > timezone.now(),
        "form": form,
        "breadcrumb": [
            ("Chantiers collectifs", reverse("collective:home")),
            (f"Séance du {current.starts_at:%d/%m/%Y}", None),
        ],
    }
    return render_form(request, "collective/session.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def sheet(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The session's attendance sheet: every participant at once, made for a phone."""
    user = request.user
    current = _session(request, pk)
    post = current.post
    if not perms.can_fill_sheet(user, post, _supervisor_ids(post)):
        raise PermissionDenied("La feuille de présence est remplie par les encadrants du chantier.")
    lines = list(services.sheet(current))
    record_reads(user, [line.placement.measure for line in lines], "feuille de présence")
    to_mark = [line for line in lines if line.marked_at is None and line.placement.ended_at is None]
    fillable = not current.is_cancelled and current.starts_at <= timezone.now()
    form = SheetForm(request.POST or None, lines=to_mark, session=current) if fillable else None
    if request.method == "POST":
        if form is None:
            messages.error(request, "Cette feuille ne se remplit pas : la séance est annulée ou n'a pas commencé.")
            return redirect("collective:sheet", pk=current.pk)
        if form.is_valid():
            try:
                count = services.record_sheet(user, current, form.sheet_lines())
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    f"Feuille enregistrée : {count} personne{'s' if count > 1 else ''}. Les heures sont transmises "
                    "aux conseillers pour validation.",
                )
                return redirect("collective:sheet", pk=current.pk)
    context = {
        "session": current,
        "post": post,
        "form": form if to_mark else None,
        "rows": form.rows() if form is not None and to_mark else [],
        "marked": [line for line in lines if line.marked_at is not None],
        "ended": [line for line in lines if line.marked_at is None and line.placement.ended_at is not None],
        "now": timezone.now(),
        "breadcrumb": [
            ("Chantiers collectifs", reverse("collective:home")),
            (f"Séance du {current.starts_at:%d/%m/%Y}", reverse("collective:session", args=[current.pk])),
            ("Feuille de présence", None),
        ],
    }
    return render_form(request, "collective/sheet.html", context)


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(
        Enrolment.objects.filter(placement__measure__in=Measure.objects.visible_to(request.user)).select_related(
            "session"
        ),
        pk=pk,
    )
    try:
        services.withdraw(request.user, enrolment)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Inscription retirée : la place est rendue.")
    if request.GET.get("retour") == "mesure":
        return redirect("measures:detail", pk=enrolment.placement.measure_id)
    return redirect("collective:session", pk=enrolment.session_id)
