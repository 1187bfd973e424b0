// The live page's station map: OpenLayers (served by this server from vendor/ol.js; no CDN, no tiles) draws the stations as points and
// the units they represent (where the ledger knows their outlines) as polygons, from /api/monitoring/map. Hovering a station or a unit,
// or choosing a station in the list below the map (buttons: keyboard reachable), shows its details (the list map-details.js builds).
(function () {
  'use strict';
  var holder = document.getElementById('station-map');
  if (!holder || typeof ol === 'undefined') {
    return;
  }
  var labels = JSON.parse(holder.getAttribute('data-labels') || '{}');
  var details = document.getElementById('station-map-details');
  var status = document.getElementById('station-map-status');
  var list = document.getElementById('station-list');

  var unitStyle = new ol.style.Style({
    fill: new ol.style.Fill({ color: 'rgba(46, 125, 50, 0.25)' }),
    stroke: new ol.style.Stroke({ color: '#2e7d32', width: 1 }),
  });
  var stationStyle = new ol.style.Style({
    image: new ol.style.Circle({ radius: 7, fill: new ol.style.Fill({ color: '#1565c0' }), stroke: new ol.style.Stroke({ color: '#ffffff', width: 2 }) }),
  });
  var selectedStyle = new ol.style.Style({
    image: new ol.style.Circle({ radius: 10, fill: new ol.style.Fill({ color: '#c0392b' }), stroke: new ol.style.Stroke({ color: '#ffffff', width: 2 }) }),
    stroke: new ol.style.Stroke({ color: '#c0392b', width: 3 }),
  });

  function rowsOf(feature) {
    return feature.get('layer') === 'station'
      ? [[labels.station, feature.get('station')], [labels.kind, feature.get('kind')], [labels.variables, feature.get('variables')],
        [labels.units, feature.get('units')], [labels.location, ol.proj.toLonLat(feature.getGeometry().getCoordinates()).map(function (v) { return v.toFixed(5); }).join(', ')]]
      : [[labels.unit, feature.get('unit_id')], [labels.area, feature.get('area_ha') + ' ha'], [labels.stations, feature.get('stations')]];
  }

  function show(feature) {
    EcoLedgerMaps.showDetails(details, feature ? rowsOf(feature) : null, labels.hint);
  }

  fetch(holder.getAttribute('data-source'), { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } }).then(function (r) {
    if (!r.ok) {
      throw new Error(r.status);
    }
    return r.json();
  }).then(function (data) {
    // Read in lon/lat and drawn in OpenLayers' default view projection; no basemap: the layers are the data.
    var all = new ol.format.GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' }).readFeatures(data);
    var units = new ol.source.Vector({ features: all.filter(function (f) { return f.get('layer') === 'unit'; }) });
    var stations = new ol.source.Vector({ features: all.filter(function (f) { return f.get('layer') === 'station'; }) });
    var view = new ol.View({ projection: 'EPSG:3857' });
    var map = new ol.Map({
      target: holder,
      layers: [new ol.layer.Vector({ source: units, style: unitStyle }), new ol.layer.Vector({ source: stations, style: stationStyle })],
      view: view,
      controls: ol.control.defaults.defaults({ attribution: false }),
    });
    var extent = ol.extent.createEmpty();
    all.forEach(function (f) { ol.extent.extend(extent, f.getGeometry().getExtent()); });
    if (all.length > 0) {
      view.fit(ol.extent.buffer(extent, 2000), { padding: [24, 24, 24, 24], maxZoom: 14 });
    } else {
      view.setCenter([0, 0]);
      view.setZoom(2);
    }
    var selected = new ol.layer.Vector({ source: new ol.source.Vector(), style: selectedStyle, map: map });
    function select(f) {
      selected.getSource().clear();
      if (f) {
        selected.getSource().addFeature(f.clone());
      }
      show(f);
    }
    map.on('pointermove', function (e) {
      if (e.dragging) {
        return;
      }
      var found = null;
      map.forEachFeatureAtPixel(e.pixel, function (f) {
        found = f;
        return true;
      });
      if (found) {
        select(found);
      }
    });
    // Keyboard: one button per station selects it and centres the map on it.
    list.replaceChildren();
    stations.getFeatures().forEach(function (f) {
      var li = document.createElement('li');
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = f.get('station') + ' · ' + f.get('kind') + ' · ' + f.get('units');
      button.addEventListener('click', function () {
        view.animate({ center: f.getGeometry().getCoordinates(), duration: 0 });
        select(f);
      });
      li.appendChild(button);
      list.appendChild(li);
    });
    map.once('rendercomplete', function () {
      holder.setAttribute('data-rendered', String(stations.getFeatures().length));
      status.textContent = (labels.rendered || '').replace('{stations}', stations.getFeatures().length).replace('{units}', units.getFeatures().length);
    });
    show(null);
  }).catch(function (e) {
    status.textContent = (labels.failed || '') + e.message;
    holder.setAttribute('data-rendered', 'failed');
  });
}());
