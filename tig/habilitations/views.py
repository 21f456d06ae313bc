from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tig.accounts.typing import AuthenticatedRequest
from tig.audit.recording import record_read
from tig.core.exceptions import Refused
from tig.core.pdf import pdf_response
from tig.core.shortcuts import render_form
from tig.habilitations import perms, services
from tig.habilitations.documents import file_response
from tig.habilitations.enums import DocumentKind, DossierKind, DossierStatus, PersonRole
from tig.habilitations.forms import (
    DecisionForm,
    DocumentForm,
    HabilitationRequestForm,
    MessageForm,
    OpinionForm,
    PersonForm,
    RadiationRequestForm,
    RegistrationRequestForm,
    RequestOpinionsForm,
    WithdrawalForm,
)
from tig.habilitations.models import Document, Dossier
from tig.habilitations.pdf import decision_letter
from tig.organisations.models import Organisation
from tig.posts.models import Post
from tig.posts.perms import can_request_registration

PAGE_SIZE = 30
LIST_RELATED = ("organisation", "departement", "post")

# The steps of the form, per procedure: (slug, title).
STEPS = {
    DossierKind.HABILITATION: [
        ("demande", "La demande"),
        ("personnes", "Les membres du bureau"),
        ("pieces", "Les pièces"),
        ("envoi", "Vérification et dépôt"),
    ],
    DossierKind.REGISTRATION: [
        ("demande", "La demande"),
        ("personnes", "Les responsables du poste"),
        ("pieces", "Les pièces (facultatives)"),
        ("envoi", "Vérification et dépôt"),
    ],
    DossierKind.RADIATION: [("demande", "La demande"), ("envoi", "Vérification et dépôt")],
}
STEPS[DossierKind.RENEWAL] = STEPS[DossierKind.HABILITATION]
REQUEST_FORMS = {
    DossierKind.HABILITATION: HabilitationRequestForm,
    DossierKind.RENEWAL: HabilitationRequestForm,
    DossierKind.REGISTRATION: RegistrationRequestForm,
    DossierKind.RADIATION: RadiationRequestForm,
}


def get_dossier_for_reading(request: AuthenticatedRequest, pk: int) -> Dossier:
    """The file if the user may read it; a 404 otherwise, so that an id reveals nothing."""
    dossier = get_object_or_404(
        Dossier.objects.select_related(
            "organisation__commune", "departement", "post", "tribunal", "habilitation", "decided_by"
        ),
        pk=pk,
    )
    if not perms.can_read(request.user, dossier):
        raise Http404("Dossier introuvable.")
    return dossier


def get_dossier_for_editing(request: AuthenticatedRequest, pk: int) -> Dossier:
    dossier = get_dossier_for_reading(request, pk)
    if not perms.can_edit(request.user, dossier):
        raise PermissionDenied("Ce dossier n'est plus modifiable : il a été déposé.")
    return dossier


@login_required
@require_GET
def waiting(request: AuthenticatedRequest) -> HttpResponse:
    """« Dossiers en attente de ma part », with their due dates; a constant number of queries."""
    dossiers = (
        Dossier.objects.waiting_for(request.user)
        .select_related(*LIST_RELATED)
        .prefetch_related("opinions")
        .order_by("status_changed_at", "pk")
    )
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "breadcrumb": [("Dossiers en attente de ma part", None)]}
    return render(request, "habilitations/waiting.html", context)


@login_required
@require_GET
def dossier_list(request: AuthenticatedRequest) -> HttpResponse:
    dossiers = Dossier.objects.visible_to(request.user).select_related(*LIST_RELATED).prefetch_related("opinions")
    status = request.GET.get("etat", "")
    if status in DossierStatus.values:
        dossiers = dossiers.filter(status=status)
    page = Paginator(dossiers.order_by("-status_changed_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": DossierStatus.choices,
        "breadcrumb": [
            ("Dossiers en attente de ma part", reverse("habilitations:waiting")),
            ("Tous les dossiers", None),
        ],
    }
    return render(request, "habilitations/list.html", context)


@login_required
@require_GET
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_reading(request, pk)
    return _render_detail(request, dossier)


def _render_detail(request: AuthenticatedRequest, dossier, status=200, **forms) -> HttpResponse:
    user = request.user
    record_read(user, dossier)
    can_edit = perms.can_edit(user, dossier)
    context = {
        "dossier": dossier,
        "events": dossier.events.select_related("actor"),
        "documents": dossier.documents.all(),
        "people": dossier.people.all(),
        "opinions": dossier.opinions.select_related("given_by"),
        "missing": services.missing_items(dossier) if can_edit else [],
        "steps": STEPS[dossier.kind],
        "can_edit": can_edit,
        "can_review": perms.can_review(user, dossier),
        "can_give_opinion": perms.can_give_opinion(user, dossier),
        "can_decide": perms.can_decide(user, dossier),
        "clock_allows": dossier.clock_allows_decision(),
        "can_withdraw": perms.can_withdraw(user, dossier),
        "can_renew": perms.can_renew(user, dossier),
        "breadcrumb": _breadcrumb(dossier),
    }
    if context["can_review"]:
        context["changes_form"] = forms.get("changes_form") or MessageForm()
        context["opinions_form"] = forms.get("opinions_form") or RequestOpinionsForm(
            departement_id=dossier.departement_id
        )
    if context["can_give_opinion"]:
        context["opinion_form"] = forms.get("opinion_form") or OpinionForm()
    if context["can_decide"]:
        context["decision_form"] = forms.get("decision_form") or DecisionForm()
    if context["can_withdraw"]:
        context["withdrawal_form"] = forms.get("withdrawal_form") or WithdrawalForm()
    return render(request, "habilitations/detail.html", context, status=status)


def _breadcrumb(dossier, last=None):
    crumbs = [
        ("Dossiers en attente de ma part", reverse("habilitations:waiting")),
        (dossier.reference, reverse("habilitations:detail", args=[dossier.pk]) if last else None),
    ]
    if last:
        crumbs.append((last, None))
    return crumbs


# Starting a file.
@login_required
@require_http_methods(["GET", "POST"])
def start_habilitation(request: AuthenticatedRequest, organisation_pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related("commune"), pk=organisation_pk
    )
    if not perms.can_start_for(request.user, organisation):
        raise PermissionDenied("Seuls les administrateurs de la structure et ses référents déposent sa demande.")
    if not organisation.habilitation_required:
        messages.info(request, "Les personnes morales de droit public sont habilitées d'office.")
        return redirect("organisations:detail", pk=organisation.pk)
    in_progress = services.open_habilitation_for(organisation.pk, organisation.commune.departement_id)
    if request.method == "GET" and in_progress:
        messages.info(request, "Un dossier d'habilitation est déjà en cours pour ce département : le voici.")
        return redirect("habilitations:detail", pk=in_progress.pk)
    draft = Dossier(
        kind=DossierKind.HABILITATION, organisation=organisation, departement_id=organisation.commune.departement_id
    )
    form = HabilitationRequestForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        resumed = services.open_habilitation_for(organisation.pk, form.cleaned_data["departement"].pk)
        dossier = services.start_habilitation(
            organisation,
            request.user,
            departement=form.cleaned_data["departement"],
            audience=form.cleaned_data["audience"],
            presentation=form.cleaned_data["presentation"],
        )
        if dossier.pk == getattr(resumed, "pk", None):
            messages.info(request, "Un dossier d'habilitation est déjà en cours pour ce département : le voici.")
            return redirect("habilitations:detail", pk=dossier.pk)
        messages.success(request, "Brouillon enregistré. Étape suivante : les membres du bureau.")
        return redirect("habilitations:step", pk=dossier.pk, step="personnes")
    context = {
        "form": form,
        "organisation": organisation,
        "title": "Demande d'habilitation",
        "steps": STEPS[DossierKind.HABILITATION],
        "current": "demande",
        "breadcrumb": [
            (organisation.name, reverse("organisations:detail", args=[organisation.pk])),
            ("Demande d'habilitation", None),
        ],
    }
    return render_form(request, "habilitations/steps/demande.html", context)


@login_required
@require_POST
def start_renewal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    habilitation = get_dossier_for_reading(request, pk)
    if not perms.can_renew(request.user, habilitation):
        raise PermissionDenied("Vous ne pouvez pas demander le renouvellement de cette habilitation.")
    renewal = services.start_renewal(habilitation, request.user)
    return redirect("habilitations:step", pk=renewal.pk, step="demande")


def _post_for_request(request: AuthenticatedRequest, post_pk: int) -> Post:
    """The post whose registration or radiation the user may ask for; a 404 for anyone else (the
    post sheet offers the button on the same rule: posts.perms.can_request_registration)."""
    post = get_object_or_404(Post.objects.select_related("organisation__commune", "commune"), pk=post_pk)
    if not can_request_registration(request.user, post):
        raise Http404("Poste introuvable.")
    return post


@login_required
@require_POST
def start_registration(request: AuthenticatedRequest, post_pk: int) -> HttpResponse:
    return _start_for_post(request, post_pk, services.start_registration)


@login_required
@require_POST
def start_radiation(request: AuthenticatedRequest, post_pk: int) -> HttpResponse:
    return _start_for_post(request, post_pk, services.start_radiation)


def _start_for_post(request: AuthenticatedRequest, post_pk: int, start) -> HttpResponse:
    post = _post_for_request(request, post_pk)
    try:
        dossier = start(post, request.user)
    except Refused as error:
        messages.info(request, str(error))
        return redirect("posts:detail", pk=post.pk)
    return redirect("habilitations:step", pk=dossier.pk, step="demande")


# The steps of a draft, each saved as it is filled.
def _next_step(dossier, step: str) -> str:
    slugs = [slug for slug, _ in STEPS[dossier.kind]]
    return slugs[min(slugs.index(step) + 1, len(slugs) - 1)]


@login_required
@require_http_methods(["GET", "POST"])
def step(request: AuthenticatedRequest, pk: int, step: str) -> HttpResponse:
    dossier = get_dossier_for_editing(request, pk)
    steps = STEPS[dossier.kind]
    titles = dict(steps)
    if step not in titles:
        raise Http404("Étape inconnue.")
    context = {
        "dossier": dossier,
        "organisation": dossier.organisation,
        "steps": steps,
        "current": step,
        "title": titles[step],
        "breadcrumb": _breadcrumb(dossier, titles[step]),
    }
    form = None
    if step == "demande":
        form = REQUEST_FORMS[dossier.kind](request.POST or None, instance=dossier)
        if request.method == "POST" and form.is_valid():
            form.save()
            return _saved(request, dossier, step)
    elif step == "personnes":
        role = PersonRole.BOARD_MEMBER if dossier.is_habilitation else PersonRole.POST_RESPONSIBLE
        form = PersonForm(request.POST or None, role=role)
        if request.method == "POST" and form.is_valid():
            person = services.add_person(dossier, request.user, form.save(commit=False))
            messages.success(request, f"{person.first_names} {person.last_name} est ajouté au dossier.")
            return redirect("habilitations:step", pk=dossier.pk, step=step)
        context["people"] = dossier.people.filter(role=role)
        context["role"] = role
    elif step == "pieces":
        kinds = services.required_documents(dossier) or ()
        kinds = [*kinds, DocumentKind.OTHER] if kinds else [DocumentKind.OTHER]
        form = DocumentForm(request.POST or None, request.FILES or None, kinds=kinds)
        if request.method == "POST" and form.is_valid():
            content_type, extension = form.detected
            document = services.store_document(
                dossier,
                request.user,
                upload=form.cleaned_data["file"],
                content_type=content_type,
                extension=extension,
                kind=form.cleaned_data["kind"],
                issued_on=form.cleaned_data["issued_on"],
            )
            messages.success(request, f"Pièce ajoutée : {document.get_kind_display()} ({document.original_name}).")
            return redirect("habilitations:step", pk=dossier.pk, step=step)
        context["documents"] = dossier.documents.all()
        context["required"] = [(kind, DocumentKind(kind).label) for kind in services.required_documents(dossier)]
    elif step == "envoi":
        context["missing"] = services.missing_items(dossier)
        context["documents"] = dossier.documents.all()
        context["people"] = dossier.people.all()
        if request.method == "POST":
            try:
                services.submit(dossier, request.user)
            except Refused as error:
                messages.error(request, str(error))
                return redirect("habilitations:step", pk=dossier.pk, step=step)
            messages.success(request, "Votre dossier est déposé. Vous serez notifié de chaque étape.")
            return redirect("habilitations:detail", pk=dossier.pk)
    context["form"] = form
    record_read(request.user, dossier, titles[step])
    return render_form(request, f"habilitations/steps/{step}.html", context)


def _saved(request: AuthenticatedRequest, dossier, step) -> HttpResponse:
    messages.success(request, "Brouillon enregistré.")
    return redirect("habilitations:step", pk=dossier.pk, step=_next_step(dossier, step))


@login_required
@require_POST
def delete_person(request: AuthenticatedRequest, pk: int, person_pk: int) -> HttpResponse:
    dossier = get_dossier_for_editing(request, pk)
    try:
        services.remove_person(dossier, request.user, person_pk)
    except Refused as error:
        raise Http404(str(error)) from None
    messages.success(request, "La personne a été retirée du dossier.")
    return redirect("habilitations:step", pk=dossier.pk, step="personnes")


@login_required
@require_POST
def delete_document(request: AuthenticatedRequest, pk: int, document_pk: int) -> HttpResponse:
    dossier = get_dossier_for_editing(request, pk)
    try:
        services.remove_document(dossier, request.user, document_pk)
    except Refused as error:
        raise Http404(str(error)) from None
    messages.success(request, "La pièce a été retirée du dossier.")
    return redirect("habilitations:step", pk=dossier.pk, step="pieces")


@login_required
@require_GET
def download(request: AuthenticatedRequest, document_pk: int) -> HttpResponse:
    """A document, only for those who may read its file; every download is in the audit log."""
    document = get_object_or_404(Document.objects.select_related("dossier"), pk=document_pk)
    if not perms.can_read(request.user, document.dossier):
        raise Http404("Pièce introuvable.")
    response = file_response(document)
    record_read(request.user, document)
    return response


@login_required
@require_GET
def decision_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    dossier = get_dossier_for_reading(request, pk)
    if not perms.can_download_decision(request.user, dossier):
        raise Http404("Aucune décision n'a encore été prise sur ce dossier.")
    record_read(request.user, dossier, "décision (PDF)")
    return pdf_response(decision_letter(dossier), f"decision-{dossier.reference}.pdf")


# The steps of the procedure, each a POST from the file's page: (may act, refusal, form, step, success).
def _act(request: AuthenticatedRequest, pk, allowed, refusal, form_name, make_form, action, success) -> HttpResponse:
    """Check who acts (403 with the refusal), validate the form (400 with the page), then run the step;
    a step refused by the procedure (the legal clock…) comes back as a message."""
    dossier = get_dossier_for_reading(request, pk)
    if not allowed(request.user, dossier):
        raise PermissionDenied(refusal)
    form = make_form(dossier)
    if not form.is_valid():
        return _render_detail(request, dossier, status=400, **{form_name: form})
    try:
        action(dossier, request.user, form.cleaned_data)
    except Refused as error:
        messages.error(request, str(error))
        return redirect("habilitations:detail", pk=dossier.pk)
    messages.success(request, success)
    return redirect("habilitations:detail", pk=dossier.pk)


@login_required
@require_POST
def request_changes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        perms.can_review,
        "Vous ne pouvez pas renvoyer ce dossier.",
        "changes_form",
        lambda dossier: MessageForm(request.POST),
        lambda dossier, user, data: services.request_changes(dossier, user, data["message"]),
        "Le dossier est renvoyé à la structure avec votre demande de modifications.",
    )


@login_required
@require_POST
def request_opinions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        perms.can_review,
        "Vous ne pouvez pas demander les avis sur ce dossier.",
        "opinions_form",
        lambda dossier: RequestOpinionsForm(request.POST, departement_id=dossier.departement_id),
        lambda dossier, user, data: services.request_opinions(dossier, user, data["tribunal"], data["consult_prefect"]),
        "Les avis du procureur de la République et du juge de l'application des peines sont demandés.",
    )


@login_required
@require_POST
def give_opinion(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        perms.can_give_opinion,
        "Vous ne pouvez pas rendre d'avis sur ce dossier, ou votre avis est déjà rendu.",
        "opinion_form",
        lambda dossier: OpinionForm(request.POST),
        lambda dossier, user, data: services.give_opinion(dossier, user, data["verdict"], data["reason"]),
        "Votre avis est enregistré et transmis.",
    )


@login_required
@require_POST
def decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        perms.can_decide,
        "Seul le directeur compétent du département décide de ce dossier, une fois les avis demandés.",
        "decision_form",
        lambda dossier: DecisionForm(request.POST),
        lambda dossier, user, data: services.decide(dossier, user, data["decision"] == "granted", data["reason"]),
        "La décision est enregistrée et notifiée.",
    )


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        perms.can_withdraw,
        "Seul le directeur compétent retire une habilitation.",
        "withdrawal_form",
        lambda dossier: WithdrawalForm(request.POST),
        lambda dossier, user, data: services.withdraw(dossier, user, data["reason"]),
        "L'habilitation est retirée ; la structure et les référents sont notifiés.",
    )
