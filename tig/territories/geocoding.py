"""Street-level geocoding through the national address API (api-adresse / IGN Géoplateforme).

Off unless GEOCODER_URL is set (e.g. https://data.geopf.fr/geocodage/search). Any failure
— network, timeout, an answer outside the commune, a poor score — returns None and the
caller falls back to the commune's point: geocoding never blocks saving a post.
"""

import json
import logging
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings

logger = logging.getLogger(__name__)
MIN_SCORE = 0.5


def geocode(address: str, commune) -> tuple[float, float] | None:
    """(lat, lon) of address in commune, or None."""
    if not settings.GEOCODER_URL or not address.strip():
        return None
    query = urlencode({"q": address, "citycode": commune.code, "limit": 1, "index": "address"})
    request = Request(f"{settings.GEOCODER_URL}?{query}", headers={"Accept": "application/json"})
    try:
        with urlopen(request, timeout=settings.GEOCODER_TIMEOUT_SECONDS) as response:
            payload = json.load(response)
        feature = payload["features"][0]
        properties = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
    except (URLError, TimeoutError, OSError, ValueError, KeyError, IndexError, TypeError) as error:
        logger.warning("Géocodage impossible pour %s (%s) : %s", address, commune.code, error)
        return None
    if properties.get("citycode") != commune.code or float(properties.get("score", 0)) < MIN_SCORE:
        return None
    return float(lat), float(lon)
