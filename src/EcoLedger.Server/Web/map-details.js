// What the two OpenLayers maps (the GEP dashboard's zone map, gep-map.js, and the live page's station map, monitoring-map.js) share:
// the details list shown for the feature under the pointer or chosen from the keyboard. Loaded as a file before either map script
// (deferred scripts run in document order), so the app's CSP stays script-src 'self' with no inline script. Values are inserted as text.
(function () {
  'use strict';
  window.EcoLedgerMaps = Object.freeze({
    // Fills `details` with a term list of [label, value] rows (a missing value shown empty), or, without rows, with the hint alone.
    showDetails: function (details, rows, hint) {
      details.textContent = '';
      if (!rows) {
        details.textContent = hint || '';
        return;
      }
      var dl = document.createElement('dl');
      rows.forEach(function (r) {
        var dt = document.createElement('dt');
        dt.textContent = r[0];
        var dd = document.createElement('dd');
        dd.textContent = r[1] === null || r[1] === undefined ? '' : String(r[1]);
        dl.appendChild(dt);
        dl.appendChild(dd);
      });
      details.appendChild(dl);
    },
  });
}());
