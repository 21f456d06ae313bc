"""Great-circle distances and bounding boxes, without GIS libraries.

The search (tig/posts/search.py) counts and reads posts by the cells of a grid; the bounding
box gives the rows and columns of cells a circle can touch, and the exact haversine distance is
measured only for the posts near its edge (docs/decisions/0002-recherche-par-grille.md and
0009-recherche-a-un-million-de-postes.md).
"""

import math
from dataclasses import dataclass

# Mean Earth radius (IUGG), in kilometres.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class BoundingBox:
    """Latitude range and one or two longitude ranges (two when the box crosses 180°)."""

    min_lat: float
    max_lat: float
    lon_ranges: tuple[tuple[float, float], ...]

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and any(lo <= lon <= hi for lo, hi in self.lon_ranges)


def bounding_box(lat: float, lon: float, radius_km: float) -> BoundingBox:
    """Smallest lat/lon box holding every point within radius_km of (lat, lon).

    The longitude half-width is asin(sin(d) / cos(lat)), the exact tangent
    meridians of the circle (J. P. Matuschek, "Finding points within a distance
    of a latitude/longitude using bounding coordinates"). Near a pole the box
    takes every longitude; across the antimeridian it splits in two.
    """
    if radius_km < 0:
        raise ValueError("radius_km must be positive")
    angular = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(angular)
    min_lat, max_lat = lat - dlat, lat + dlat
    if min_lat <= -90 or max_lat >= 90:
        return BoundingBox(max(min_lat, -90.0), min(max_lat, 90.0), ((-180.0, 180.0),))
    dlon = math.degrees(math.asin(min(1.0, math.sin(angular) / math.cos(math.radians(lat)))))
    west, east = lon - dlon, lon + dlon
    if west < -180:
        return BoundingBox(min_lat, max_lat, ((west + 360, 180.0), (-180.0, east)))
    if east > 180:
        return BoundingBox(min_lat, max_lat, ((west, 180.0), (-180.0, east - 360)))
    return BoundingBox(min_lat, max_lat, ((west, east),))
