// EcoLedger web app: the page is rendered by the server (labels in the reader's language, forms only for roles that may use
// them); this script fills the tables from the API and sends the forms to the same API endpoints as any client, with the
// session cookie, the CSRF token and a fresh Idempotency-Key. No inline script, no external asset; all values go in as text.
'use strict';

const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content ?? '';

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrf();
    headers['Idempotency-Key'] = crypto.randomUUID();
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { ok: response.ok, status: response.status, json, text };
}

function cell(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// A table of objects: the columns are the members of the first row.
function renderTable(target, rows) {
  target.replaceChildren();
  if (!Array.isArray(rows) || rows.length === 0) {
    const p = document.createElement('p');
    p.textContent = target.dataset.empty ?? '—';
    target.append(p);
    return;
  }
  const table = document.createElement('table');
  const caption = target.dataset.caption;
  if (caption) { const c = table.createCaption(); c.textContent = caption; }
  const head = table.createTHead().insertRow();
  const columns = Object.keys(rows[0]);
  for (const name of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const name of columns) tr.insertCell().textContent = cell(row[name]);
  }
  target.append(table);
}

function show(output, result) {
  output.classList.toggle('error', !result.ok);
  if (result.json && !result.ok) {
    output.textContent = `${result.status} ${result.json.title ?? ''}: ${result.json.detail ?? result.text}`;
  } else if (result.json) {
    output.textContent = JSON.stringify(result.json, null, 2);
  } else {
    output.textContent = `${result.status} ${result.text}`;
  }
}

async function load(target) {
  const result = await api('GET', target.dataset.source);
  if (result.ok) renderTable(target, result.json);
  else show(target, result);
}

// Forms: data-endpoint (with {name} taken from a field), data-method; number inputs are sent as numbers, empty fields are left out.
async function submit(form, event) {
  event.preventDefault();
  const output = form.querySelector('output') ?? document.getElementById(form.dataset.output);
  const values = {};
  for (const input of form.querySelectorAll('input, select, textarea')) {
    if (!input.name || input.value === '') continue;
    values[input.name] = input.type === 'number' ? Number(input.value) : input.value;
  }
  let path = form.dataset.endpoint.replace(/\{(\w+)\}/g, (_, name) => { const v = values[name]; delete values[name]; return encodeURIComponent(v ?? ''); });
  const method = form.dataset.method ?? 'POST';
  if (method === 'GET') {
    const query = new URLSearchParams(values).toString();
    if (query) path += (path.includes('?') ? '&' : '?') + query;
  }
  output.textContent = '…';
  const result = await api(method, path, method === 'GET' ? undefined : values);
  if (form.dataset.render === 'table' && result.ok) renderTable(output, result.json);
  else show(output, result);
  if (result.ok && method !== 'GET') {
    for (const target of document.querySelectorAll('[data-source]')) load(target);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  for (const target of document.querySelectorAll('[data-source]')) load(target);
  for (const form of document.querySelectorAll('form[data-endpoint]')) form.addEventListener('submit', (e) => submit(form, e));
});
