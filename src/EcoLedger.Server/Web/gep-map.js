// The GEP dashboard's zone map: OpenLayers (served by this server from vendor/ol.js, no CDN, no online tiles) draws the zoning run's
// classified units and zones as vector layers on a canvas (no WebGL, no workers: the app's CSP stays script-src 'self'). Hovering or
// focusing a unit shows its figures (the list map-details.js builds); the legend is rendered by the server. Values are inserted as text.
(function () {
  'use strict';
  var holder = document.getElementById('zone-map');
  if (!holder || typeof ol === 'undefined') {
    return;
  }
  var colours = JSON.parse(holder.getAttribute('data-colours') || '{}');
  var labels = JSON.parse(holder.getAttribute('data-labels') || '{}');
  var geographic = holder.getAttribute('data-geographic') === 'true';
  var details = document.getElementById('zone-map-details');
  var status = document.getElementById('zone-map-status');

  function fill(tier) {
    return colours[tier || ''] || colours[''] || '#d9d9d9';
  }

  function unitStyle(feature) {
    return new ol.style.Style({
      fill: new ol.style.Fill({ color: fill(feature.get('tier')) }),
      stroke: new ol.style.Stroke({ color: '#ffffff', width: 0.5 }),
    });
  }

  var zoneStyle = new ol.style.Style({ stroke: new ol.style.Stroke({ color: '#1b2a1f', width: 2 }) });
  var hoverStyle = new ol.style.Style({ stroke: new ol.style.Stroke({ color: '#c0392b', width: 3 }) });

  function number(value, digits) {
    return Number(value).toLocaleString(document.documentElement.lang, { maximumFractionDigits: digits, minimumFractionDigits: digits });
  }

  function show(feature) {
    EcoLedgerMaps.showDetails(details, feature ? [
      [labels.unit, feature.get('unit_id')],
      [labels.ecosystem, feature.get('ecosystem')],
      [labels.area, number(feature.get('area_km2'), 2) + ' km²'],
      [labels.value, number(feature.get('value_cny') / 10000, 2)],
      [labels.density, number(feature.get('density_cny_per_km2') / 10000, 1)],
      [labels.tier, feature.get('tier') || labels.none],
      [labels.zone, feature.get('zone_id') || '–'],
    ] : null, labels.hint);
  }

  function load(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } }).then(function (r) {
      if (!r.ok) {
        throw new Error(url + ': ' + r.status);
      }
      return r.json();
    });
  }

  Promise.all([load(holder.getAttribute('data-units')), load(holder.getAttribute('data-zones'))]).then(function (layers) {
    var view;
    var format;
    if (geographic) {
      format = new ol.format.GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });
      view = new ol.View({ projection: 'EPSG:3857' });
    } else {
      // Projected metres (a Gauss–Krüger or equal-area grid): drawn as they are, in a plain metric projection of their own extent.
      var probe = new ol.format.GeoJSON().readFeatures(layers[0]);
      var extent = ol.extent.createEmpty();
      probe.forEach(function (f) { ol.extent.extend(extent, f.getGeometry().getExtent()); });
      var projection = new ol.proj.Projection({ code: 'ecoledger:data', units: 'm', extent: extent });
      format = new ol.format.GeoJSON({ dataProjection: projection, featureProjection: projection });
      view = new ol.View({ projection: projection });
    }
    var units = new ol.source.Vector({ features: format.readFeatures(layers[0]) });
    var zones = new ol.source.Vector({ features: format.readFeatures(layers[1]) });
    var map = new ol.Map({
      target: holder,
      layers: [
        new ol.layer.Vector({ source: units, style: unitStyle, properties: { name: 'units' } }),
        new ol.layer.Vector({ source: zones, style: zoneStyle, properties: { name: 'zones' } }),
      ],
      view: view,
      controls: ol.control.defaults.defaults({ attribution: false }),
    });
    view.fit(units.getExtent(), { padding: [16, 16, 16, 16] });
    var hovered = null;
    var hoverLayer = new ol.layer.Vector({ source: new ol.source.Vector(), style: hoverStyle, map: map });
    map.on('pointermove', function (e) {
      if (e.dragging) {
        return;
      }
      var found = null;
      map.forEachFeatureAtPixel(e.pixel, function (f) {
        if (f.get('unit_id') !== undefined) {
          found = f;
          return true;
        }
        return false;
      });
      if (found !== hovered) {
        hovered = found;
        hoverLayer.getSource().clear();
        if (found) {
          hoverLayer.getSource().addFeature(found.clone());
        }
        show(found);
      }
    });
    // Keyboard: the unit list below the map selects the same details (the map itself is not keyboard-navigable).
    document.querySelectorAll('[data-unit-focus]').forEach(function (button) {
      button.addEventListener('click', function () {
        var id = button.getAttribute('data-unit-focus');
        var f = units.getFeatures().find(function (u) { return u.get('unit_id') === id; });
        if (f) {
          hoverLayer.getSource().clear();
          hoverLayer.getSource().addFeature(f.clone());
          view.fit(f.getGeometry().getExtent(), { maxZoom: view.getZoom(), padding: [64, 64, 64, 64] });
          show(f);
        }
      });
    });
    map.once('rendercomplete', function () {
      holder.setAttribute('data-rendered', String(units.getFeatures().length));
      status.textContent = (labels.rendered || '').replace('{units}', units.getFeatures().length).replace('{zones}', zones.getFeatures().length);
    });
    show(null);
  }).catch(function (e) {
    status.textContent = (labels.failed || 'The map could not be loaded: ') + e.message;
    holder.setAttribute('data-rendered', 'failed');
  });
}());
