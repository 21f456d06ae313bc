/*
 * Maps of the Plateforme TIG (Leaflet + markercluster, from npm, served as static files).
 * Every map is an enhancement: the page always carries the same information as text.
 *
 *   data-map="search": the results of a search (points from data-points-url, popups from data-place-url);
 *   data-map="point":  one post (data-lat, data-lon);
 *   data-map="pin":    the position of a post being edited (inputs lat, lon, pin_moved of the form);
 *   data-map="gaps":   the communes of a coverage gap (the JSON of the element data-points names:
 *                      [lat, lon, name, population]), a circle each, larger for more inhabitants.
 *
 * What every map shares is set once, on this script's own tag (templates/includes/map_js.html):
 * the tile server (data-tiles, empty in tests or offline), the département outlines drawn
 * instead when there is none (data-outlines-url), and the marker images. Leaflet would guess
 * the images' address from its stylesheet's, which the production storage renames.
 */
(function () {
  "use strict";

  const settings = document.currentScript.dataset;
  const FRANCE = [[41.2, -5.3], [51.2, 9.7]];
  let outlines = null;

  function baseMap(element) {
    const map = L.map(element, { maxZoom: 18, minZoom: 2, scrollWheelZoom: false });
    map.attributionControl.setPrefix(false);
    if (settings.tiles) {
      L.tileLayer(settings.tiles, {
        maxZoom: 18,
        attribution: settings.attribution || "",
      }).addTo(map);
    } else if (settings.outlinesUrl) {
      outlines = outlines || fetch(settings.outlinesUrl).then((response) => response.json());
      outlines.then((geojson) => {
        L.geoJSON(geojson, {
          interactive: false,
          style: { color: "#6a6af4", weight: 1, fillColor: "#e3e3fd", fillOpacity: 0.35 },
        }).addTo(map).bringToBack();
      });
    }
    return map;
  }

  const markerIcon = L.icon({
    iconUrl: settings.markerIcon,
    iconRetinaUrl: settings.markerIcon2x,
    shadowUrl: settings.markerShadow,
    iconSize: [25, 41],
    iconAnchor: [12, 41],
    popupAnchor: [1, -34],
    shadowSize: [41, 41],
  });

  function countIcon(count) {
    const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    return L.divIcon({
      html: "<div><span>" + count + "</span></div>",
      className: "marker-cluster marker-cluster-" + size,
      iconSize: L.point(40, 40),
    });
  }

  function searchMap(element) {
    const map = baseMap(element);
    map.fitBounds(FRANCE);
    const clusters = L.markerClusterGroup({
      showCoverageOnHover: false,
      iconCreateFunction: (cluster) =>
        countIcon(cluster.getAllChildMarkers().reduce((sum, marker) => sum + marker.options.count, 0)),
    });
    fetch(element.dataset.pointsUrl, { headers: { Accept: "application/json" } })
      .then((response) => response.json())
      .then((data) => {
        const markers = data.points.map(([lat, lon, count]) => {
          const label = count + (count > 1 ? " postes" : " poste");
          const marker = L.marker([lat, lon], { icon: countIcon(count), count: count, title: label, alt: label, keyboard: true });
          marker.bindPopup("Chargement…");
          marker.on("popupopen", () => {
            const url = element.dataset.placeUrl + "&lat=" + lat + "&lon=" + lon + "&bloc=" + data.block;
            fetch(url).then((response) => response.text()).then((html) => marker.setPopupContent(html));
          });
          return marker;
        });
        // Frame the map first, then cluster: no animation leaves markers half-merged.
        if (data.center) {
          const circle = L.circle(data.center, {
            radius: data.radius_km * 1000,
            interactive: false,
            color: "#000091",
            weight: 2,
            fill: false,
          }).addTo(map);
          map.fitBounds(circle.getBounds(), { animate: false });
        } else if (markers.length) {
          map.fitBounds(L.featureGroup(markers).getBounds(), { maxZoom: 13, animate: false });
        }
        clusters.addLayers(markers);
        map.addLayer(clusters);
        element.dataset.ready = "true";
      });
  }

  function pointMap(element) {
    const position = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
    const map = baseMap(element);
    map.setView(position, 13);
    L.marker(position, { icon: markerIcon, keyboard: false, alt: "Emplacement du poste" }).addTo(map);
    element.dataset.ready = "true";
  }

  function pinMap(element) {
    const form = element.closest("form");
    const lat = form.querySelector("input[name=lat]");
    const lon = form.querySelector("input[name=lon]");
    const moved = form.querySelector("input[name=pin_moved]");
    const map = baseMap(element);
    if (!lat.value || !lon.value) {
      map.fitBounds(FRANCE);
      element.dataset.ready = "true";
      return;
    }
    const position = [parseFloat(lat.value), parseFloat(lon.value)];
    map.setView(position, 14);
    const marker = L.marker(position, { icon: markerIcon, draggable: true, autoPan: true, alt: "Position du poste, déplaçable" }).addTo(map);
    marker.on("dragend", () => {
      const point = marker.getLatLng();
      lat.value = point.lat.toFixed(6);
      lon.value = point.lng.toFixed(6);
      moved.value = "True";
    });
    element.dataset.ready = "true";
  }

  function gapsMap(element) {
    const map = baseMap(element);
    const points = JSON.parse(document.getElementById(element.dataset.points).textContent);
    const layer = L.featureGroup();
    points.forEach(([lat, lon, name, population]) => {
      L.circleMarker([lat, lon], {
        radius: Math.max(3, Math.min(14, Math.sqrt(population) / 12)),
        color: "#ce0500",
        weight: 1,
        fillOpacity: 0.5,
      })
        .bindTooltip(name + " : " + population.toLocaleString("fr-FR") + " habitants")
        .addTo(layer);
    });
    layer.addTo(map);
    if (points.length) {
      map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 11 });
    } else {
      map.fitBounds(FRANCE);
    }
    element.dataset.ready = "true";
  }

  const builders = { search: searchMap, point: pointMap, pin: pinMap, gaps: gapsMap };

  function init(root) {
    root.querySelectorAll("[data-map]").forEach((element) => {
      if (element.dataset.initialised) return;
      element.dataset.initialised = "true";
      builders[element.dataset.map](element);
    });
  }

  init(document);
  document.body.addEventListener("htmx:afterSettle", (event) => init(event.target));
})();
