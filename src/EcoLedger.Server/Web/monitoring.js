// EcoLedger live monitoring page: listens to /api/monitoring/live (Server-Sent Events) and redraws the pricing basis, the stations'
// QC counts and a chart per station variable from each 'status' event. The server renders the labels; every value goes in as text
// (textContent or SVG attributes), never as HTML. No inline script, no external asset.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const root = () => document.getElementById('live');
const label = (name) => root().dataset[name] ?? '';

function cell(row, text, numeric) {
  const td = document.createElement('td');
  td.textContent = text;
  if (numeric) td.className = 'num';
  row.appendChild(td);
}

const fixed = (value, places) => (value === null || value === undefined ? '—' : Number(value).toFixed(places));
const percent = (share) => `${(Number(share) * 100).toFixed(2)} %`;

// Year-to-date amounts as the CLI prints them: NEE in t CO2/ha (µg CO2/ha ÷ 10^12), water depths in mm (µm ÷ 1000).
const amount = (variable, total) => (variable === 'nee' ? `${fixed(total / 1e12, 6)} t CO₂/ha` : `${fixed(total / 1000, 1)} mm`);

function fill(id, rows, build) {
  const body = document.getElementById(id);
  body.replaceChildren();
  for (const item of rows) {
    const tr = document.createElement('tr');
    build(tr, item);
    body.appendChild(tr);
  }
}

function basis(status) {
  fill('basis-rows', status ? status.projects : [], (tr, p) => {
    cell(tr, p.project);
    cell(tr, `${p.units_monitored} / ${p.units_total}`, true);
    cell(tr, fixed(p.ytd_t_co2, 3), true);
    cell(tr, percent(p.observed_share), true);
    cell(tr, percent(p.filled_share), true);
    // The floor's verdict: its short label, and the server's sentence with the figures (e.g. observed 0.01 % < minimum 5.00 %) as the title.
    const verdict = { qualified: 'qualified', not_projected: 'notProjected' }[p.qualification] ?? 'unqualified';
    cell(tr, label(verdict));
    tr.lastChild.title = p.note;
    tr.lastChild.className = `qualification ${p.qualification}`;
    const withheld = p.qualification === 'not_projected';
    cell(tr, withheld ? p.note : fixed(p.projected_t_co2, 3), !withheld);
    cell(tr, withheld ? '—' : `${p.gross} − ${p.buffer}`, true);
    cell(tr, withheld ? '—' : p.issuable === undefined ? label('needsHaircut') : String(p.issuable), true);
    cell(tr, p.price_cny_per_t === undefined ? label('noPrice') : `${fixed(p.price_cny_per_t, 2)} (${p.market}, ${p.price_date})`, true);
    cell(tr, p.value_cny === undefined ? '—' : fixed(p.value_cny, 2), true);
  });
}

function series(status) {
  fill('series-rows', status ? status.series : [], (tr, s) => {
    cell(tr, `${s.station} (${s.kind})`);
    cell(tr, s.variable);
    cell(tr, amount(s.variable, s.total), true);
    cell(tr, String(s.valid_slots), true);
    cell(tr, `${s.linear_slots} / ${s.diurnal_slots}`, true);
    cell(tr, String(s.unfilled_slots), true);
    cell(tr, String(s.range_flags), true);
    cell(tr, String(s.spike_flags), true);
    cell(tr, String(s.stuck_flags), true);
    cell(tr, String(s.source_flags), true);
  });
}

function svg(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

// One chart: the readings that passed QC as a line, the flagged ones as red dots (each with its flags as a tooltip), the value
// range on the left and the time range below (UTC).
function chart(s, index) {
  const width = 640, height = 180, left = 64, right = 12, top = 12, bottom = 28;
  const figure = document.createElement('figure');
  const caption = document.createElement('figcaption');
  const flagged = s.readings.filter((r) => r.flags.length > 0);
  caption.id = `chart-${index}-caption`;
  caption.textContent = `${label('chart')} ${s.station} · ${s.variable} (${s.qc_unit}): ${s.readings.length} ${label('readings')}; ` +
    `● ${label('flagged')}: ${flagged.length}`;
  const picture = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': caption.id, class: 'chart' });
  if (s.readings.length > 0) {
    const times = s.readings.map((r) => Date.parse(r.time));
    const values = s.readings.map((r) => Number(r.value));
    const t0 = Math.min(...times), t1 = Math.max(...times);
    let v0 = Math.min(...values), v1 = Math.max(...values);
    if (v0 === v1) { v0 -= 1; v1 += 1; }
    const x = (t) => left + (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * (width - left - right));
    const y = (v) => top + (1 - (v - v0) / (v1 - v0)) * (height - top - bottom);
    picture.appendChild(svg('line', { x1: left, y1: top, x2: left, y2: height - bottom, class: 'axis' }));
    picture.appendChild(svg('line', { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, class: 'axis' }));
    if (v0 < 0 && v1 > 0) picture.appendChild(svg('line', { x1: left, y1: y(0), x2: width - right, y2: y(0), class: 'zero' }));
    picture.appendChild(svg('text', { x: left - 4, y: top + 10, 'text-anchor': 'end' }, String(+v1.toPrecision(4))));
    picture.appendChild(svg('text', { x: left - 4, y: height - bottom, 'text-anchor': 'end' }, String(+v0.toPrecision(4))));
    picture.appendChild(svg('text', { x: left, y: height - 8 }, s.readings[0].time.replace('T', ' ')));
    picture.appendChild(svg('text', { x: width - right, y: height - 8, 'text-anchor': 'end' }, s.readings[s.readings.length - 1].time.replace('T', ' ')));
    const good = s.readings.map((r, i) => (r.flags.length === 0 ? `${x(times[i]).toFixed(1)},${y(values[i]).toFixed(1)}` : null)).filter((p) => p);
    picture.appendChild(svg('polyline', { points: good.join(' '), class: 'series' }));
    s.readings.forEach((r, i) => {
      if (r.flags.length === 0) return;
      const dot = svg('circle', { cx: x(times[i]).toFixed(1), cy: y(values[i]).toFixed(1), r: 3.5, class: 'flagged' });
      dot.appendChild(svg('title', {}, `${r.time} ${r.value} ${s.qc_unit}: ${r.flags.join(', ')}`));
      picture.appendChild(dot);
    });
  } else {
    picture.appendChild(svg('text', { x: left, y: height / 2 }, label('none')));
  }
  figure.appendChild(picture);
  figure.appendChild(caption);
  return figure;
}

function draw(snapshot) {
  const status = snapshot.status ?? null;
  document.getElementById('live-problem').textContent = snapshot.problem ?? '';
  basis(status);
  series(status);
  document.getElementById('charts').replaceChildren(...snapshot.recent.map(chart));
  const state = document.getElementById('live-state');
  state.textContent = `${label('updated')} ${snapshot.time}` + (status ? ` · ${status.readings} ${label('readings')} · ${status.as_of}` : '');
  state.dataset.line = state.textContent;
  state.dataset.version = String(snapshot.version);
}

// After a reconnection (EventSource sends the last status event's id, the journal's head, as Last-Event-ID) the server lists the
// monitoring entries missed meanwhile, then sends the whole state.
function missed(changes) {
  const list = changes.complete
    ? changes.changes.map((c) => `#${c.seq} ${c.kind} ${c.source ?? ''} (${c.items}) ${c.actor} ${c.time}`).join('; ')
    : '';
  document.getElementById('live-missed').textContent = !changes.complete ? label('missedUnknown')
    : changes.changes.length === 0 ? label('missedNone') : `${label('missed')} ${list}`;
}

function connect() {
  const source = new EventSource(root().dataset.stream + window.location.search);
  source.addEventListener('status', (event) => draw(JSON.parse(event.data)));
  source.addEventListener('changes', (event) => missed(JSON.parse(event.data)));
  // Reconnected with nothing missed: the server sends no state again, so the last one's line comes back.
  source.addEventListener('open', () => {
    const state = document.getElementById('live-state');
    if (state.dataset.line) state.textContent = state.dataset.line;
  });
  // EventSource reconnects by itself; the page says so meanwhile.
  source.addEventListener('error', () => { document.getElementById('live-state').textContent = label('lost'); });
  window.addEventListener('pagehide', () => source.close());
}

document.addEventListener('DOMContentLoaded', connect);
