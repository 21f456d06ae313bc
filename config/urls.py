from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Plateforme TIG — administration"
admin.site.site_title = "Plateforme TIG"

urlpatterns = [
    path("", include("tig.pages.urls")),
    path("", include("tig.core.urls")),
    path("", include("tig.accounts.urls")),
    path("communes/", include("tig.territories.urls")),
    path("structures/", include("tig.organisations.urls")),
    path("postes/", include("tig.posts.urls")),
    path("journal/", include("tig.audit.urls")),
    path("notifications/", include("tig.notifications.urls")),
    path("dossiers/", include("tig.habilitations.urls")),
    path("statistiques/", include("tig.stats.urls")),
    path("prospection/", include("tig.prospecting.urls")),
    path("partenariats/", include("tig.partnerships.urls")),
    path("reseau/", include("tig.network.urls")),
    path("formation/", include("tig.training.urls")),
    path("donnees/", include("tig.stats.opendata_urls")),
    path("api/", include("tig.api.urls")),
    path("admin/", admin.site.urls),
]

if settings.MEASURES_ENABLED:
    urlpatterns.insert(-1, path("mesures/", include("tig.measures.urls")))
    urlpatterns.insert(-1, path("chantiers/", include("tig.collective.urls")))

handler400 = "tig.core.views.bad_request"
