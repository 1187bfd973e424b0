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

// The participant's signing key: a non-extractable ECDSA P-256 key made here and kept in IndexedDB; only its public key leaves the
// browser (registered through the key endpoint). Forms marked data-sign send RFC 9421 signed requests (docs/server.md).
const participant = () => document.querySelector('meta[name="participant"]')?.content ?? '';
const b64 = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)));
const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

function keyStore(mode, use) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('ecoledger-keys', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('keys');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = use(open.result.transaction('keys', mode).objectStore('keys'));
      request.onsuccess = () => resolve(request.result ?? null);
      request.onerror = () => reject(request.error);
    };
  });
}

const storedKey = (who) => keyStore('readonly', (store) => store.get(who));

async function createKey(button) {
  const who = participant();
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const spki = await crypto.subtle.exportKey('spki', pair.publicKey);
  const pem = '-----BEGIN PUBLIC KEY-----\n' + b64(spki).match(/.{1,64}/g).join('\n') + '\n-----END PUBLIC KEY-----\n';
  const keyId = hex(await crypto.subtle.digest('SHA-256', spki));
  const result = await api('POST', `/api/participants/${encodeURIComponent(who)}/keys`, { public_key: pem });
  if (result.ok) await keyStore('readwrite', (store) => store.put({ privateKey: pair.privateKey, keyId }, who));
  show(document.getElementById('key-result'), result);
  await showKey();
}

async function showKey() {
  const status = document.getElementById('key-status');
  if (!status) return;
  const key = await storedKey(participant());
  status.textContent = key ? `${status.dataset.has} ${key.keyId.slice(0, 16)}` : status.dataset.none;
}

// Asks the server for the statement of exactly this command (EcoLedger-Prepare), then signs the request itself.
async function signedPost(path, values, key) {
  const body = JSON.stringify(values);
  const headers = { 'Accept': 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': csrf(), 'Idempotency-Key': crypto.randomUUID() };
  const prepared = await fetch(path, { method: 'POST', credentials: 'same-origin', body, headers: { ...headers, 'EcoLedger-Prepare': 'statement' } });
  const statement = await prepared.json().catch(() => null);
  if (!prepared.ok) return { ok: false, status: prepared.status, json: statement, text: '' };
  const contentDigest = 'sha-256=:' + b64(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))) + ':';
  const params = `("@method" "@target-uri" "content-digest" "ecoledger-statement");created=${Math.floor(Date.now() / 1000)};keyid="${key.keyId}";alg="ecdsa-p256-sha256"`;
  const base = [
    '"@method": POST',
    `"@target-uri": ${location.origin}${path}`,
    `"content-digest": ${contentDigest}`,
    `"ecoledger-statement": ${statement.statement_digest}`,
    `"@signature-params": ${params}`,
  ].join('\n');
  // WebCrypto's ECDSA signature is raw r||s: exactly RFC 9421's ecdsa-p256-sha256 encoding.
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, new TextEncoder().encode(base));
  const response = await fetch(path, {
    method: 'POST', credentials: 'same-origin', body,
    headers: { ...headers, 'Content-Digest': contentDigest, 'EcoLedger-Statement': statement.statement_digest, 'Signature-Input': 'eco=' + params, 'Signature': `eco=:${b64(signature)}:` },
  });
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
  const key = form.dataset.sign !== undefined && method === 'POST' ? await storedKey(participant()) : null;
  const result = key ? await signedPost(path, values, key) : await api(method, path, method === 'GET' ? undefined : values);
  if (form.dataset.render === 'table' && result.ok) renderTable(output, result.json);
  else show(output, result);
  if (result.ok && method !== 'GET') {
    for (const target of document.querySelectorAll('[data-source]')) load(target);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  for (const target of document.querySelectorAll('[data-source]')) load(target);
  for (const form of document.querySelectorAll('form[data-endpoint]')) form.addEventListener('submit', (e) => submit(form, e));
  document.getElementById('create-key')?.addEventListener('click', (e) => createKey(e.target));
  showKey();
});
