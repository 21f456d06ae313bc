from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class SiteConfig:
    """What django-dsfr's base template reads as SITE_CONFIG (without a database query)."""

    site_title: str = "Plateforme TIG"
    site_tagline: str = "Travail d'intérêt général et travail non rémunéré"
    header_brand_html: str = "Ministère<br>de la Justice"
    footer_brand_html: str = "Ministère<br>de la Justice"
    footer_brand: str = "Ministère de la Justice"
    footer_description: str = (
        "La plateforme du travail d'intérêt général recense les postes de TIG et de TNR proposés par les "
        "structures d'accueil, pour les services pénitentiaires d'insertion et de probation, les juridictions, "
        "les avocats et les structures elles-mêmes. Elle est opérée par l'Agence du travail d'intérêt général "
        "et de l'insertion professionnelle (ATIGIP)."
    )
    mourning: bool = False
    beta_tag: bool = True
    notice_title: str = ""
    notice_description: str = ""


SITE_CONFIG = SiteConfig()


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "SITE_CONFIG": SITE_CONFIG,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }
