// EcoLedger web app: the page is rendered by the server (labels in the reader's language, forms only for roles that may use
// them); this script fills the tables from the API and sends the forms to the same API endpoints as any client, with the
// session cookie, the CSRF token and a fresh Idempotency-Key. No inline script, no external asset; all values go in as text.
'use strict';

const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content ?? '';

// Column and heading labels in the page's language (a labels meta element, from the server); an API member without one keeps its name.
let labelTable = null;
function label(name) {
  if (labelTable === null) {
    try { labelTable = JSON.parse(document.querySelector('meta[name="labels"]')?.content ?? '{}'); } catch { labelTable = {}; }
  }
  return labelTable[name] ?? name;
}

// Numbers printed as the CLI prints the same figure (a formats meta element: member name -> cny, fen, cny_t or pct); the API keeps
// the exact value, only the text shown is formatted. Fen are integers, so their CNY text is built exactly, digit by digit.
let formatTable = null;
function format(name) {
  if (formatTable === null) {
    try { formatTable = JSON.parse(document.querySelector('meta[name="formats"]')?.content ?? '{}'); } catch { formatTable = {}; }
  }
  return formatTable[name];
}
const grouped = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
function fenText(fen) {
  const n = BigInt(fen);
  const abs = n < 0n ? -n : n;
  return `${n < 0n ? '-' : ''}${grouped((abs / 100n).toString())}.${(abs % 100n).toString().padStart(2, '0')}`;
}
// A decimal amount of CNY (already rounded to the fen by the server, or a price with sub-fen digits) to exactly two decimals.
const cnyText = (value) => Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
function formatted(name, value) {
  const kind = name === undefined ? undefined : format(name);
  if (kind === undefined || value === null || value === undefined || value === '' || Number.isNaN(Number(value))) return undefined;
  if (kind === 'fen') return fenText(value) + label('_unit_cny');
  if (kind === 'cny') return cnyText(value) + label('_unit_cny');
  if (kind === 'cny_t') return cnyText(value) + label('_unit_cny_t');
  if (kind === 'pct') return `${(Number(value) * 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;
  return undefined;
}

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json', 'Accept-Language': document.documentElement.lang || 'en' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrf();
    headers['Idempotency-Key'] = crypto.randomUUID();
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  return answer(response);
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
function signedPost(path, values, key) {
  return signedSend(path, JSON.stringify(values), 'application/json', key);
}

// The same for any body (a JSON command, or an uploaded CSV file sent as it is): Content-Digest covers the exact bytes sent.
async function signedSend(path, body, contentType, key) {
  const headers = { 'Accept': 'application/json', 'Accept-Language': document.documentElement.lang || 'en', 'Content-Type': contentType, 'X-CSRF-Token': csrf(), 'Idempotency-Key': crypto.randomUUID() };
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
  return answer(response);
}

// An upload sent as it is (a bundle or a proof to verify), unsigned: a read that takes a file.
async function upload(path, body, contentType) {
  const headers = { 'Accept': 'application/json', 'Accept-Language': document.documentElement.lang || 'en', 'X-CSRF-Token': csrf(), 'Idempotency-Key': crypto.randomUUID() };
  // a FormData body (contentType null) gets its multipart type and boundary from the browser
  if (contentType) headers['Content-Type'] = contentType;
  const response = await fetch(path, { method: 'POST', credentials: 'same-origin', body, headers });
  return answer(response);
}

async function answer(response) {
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { ok: response.ok, status: response.status, json, text };
}

function cell(value, name) {
  if (value === null || value === undefined) return '';
  const text = formatted(name, value);
  if (text !== undefined) return text;
  if (typeof value === 'boolean') return label(value ? '_yes' : '_no');
  if (Array.isArray(value) && !value.some(isComplex)) return value.map((v) => cell(v)).join(', ');
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
  // an amount given both in fen and as CNY text shows once
  const columns = Object.keys(rows[0]).filter((name) => !(name.endsWith('_fen') && (name.slice(0, -4) + '_cny') in rows[0]));
  for (const name of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = label(name);
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const name of columns) {
      const td = tr.insertCell();
      td.textContent = cell(row[name], name);
      if (format(name) !== undefined) td.className = 'num';
    }
  }
  target.append(table);
}

const isRecord = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isComplex = (v) => Array.isArray(v) || isRecord(v);

// A result with structure (rounds with their means and payments, a valuation with its rows and totals): scalars as a list of terms,
// arrays of flat records as tables, records holding arrays as sections with a heading, recursively.
function renderDetail(target, value, depth = 3) {
  target.replaceChildren();
  target.classList.remove('error');
  target.classList.add('detail');
  appendDetail(target, value, depth, target.dataset.caption ?? '');
}

function appendDetail(parent, value, depth, caption) {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      const p = document.createElement('p');
      p.textContent = parent.dataset?.empty ?? '—';
      parent.append(p);
    } else if (value.every(isRecord) && value.some((row) => Object.values(row).some(isComplex))) {
      for (const row of value) {
        const section = document.createElement('section');
        const heading = document.createElement(`h${Math.min(depth, 6)}`);
        heading.textContent = [row.id ?? row.pledge ?? '', row.name ?? row.state ?? ''].filter((x) => x !== '').join(' · ');
        section.append(heading);
        appendDetail(section, row, depth + 1, '');
        parent.append(section);
      }
    } else if (value.every(isRecord)) {
      const holder = document.createElement('div');
      holder.dataset.caption = caption;
      renderTable(holder, value);
      parent.append(...holder.childNodes);
    } else {
      // a list of values (recovery codes, margin calls): one per line
      const ul = document.createElement('ul');
      for (const v of value) { const li = document.createElement('li'); li.textContent = cell(v); ul.append(li); }
      parent.append(ul);
    }
    return;
  }
  if (!isRecord(value)) {
    const p = document.createElement('p');
    p.textContent = cell(value);
    parent.append(p);
    return;
  }
  const scalars = Object.entries(value).filter(([name, v]) => !isComplex(v) && !(name.endsWith('_fen') && (name.slice(0, -4) + '_cny') in value));
  if (scalars.length > 0) {
    const dl = document.createElement('dl');
    for (const [name, v] of scalars) {
      const dt = document.createElement('dt');
      dt.textContent = label(name);
      const dd = document.createElement('dd');
      dd.textContent = cell(v, name);
      dl.append(dt, dd);
    }
    parent.append(dl);
  }
  for (const [name, v] of Object.entries(value).filter(([, x]) => isComplex(x))) {
    if (Array.isArray(v) && v.every(isRecord) && v.length > 0 && !v.some((row) => Object.values(row).some(isComplex))) {
      appendDetail(parent, v, depth, label(name));
      continue;
    }
    const section = document.createElement('section');
    const heading = document.createElement(`h${Math.min(depth, 6)}`);
    heading.textContent = label(name);
    section.append(heading);
    if (isRecord(v) && !Object.values(v).some(isComplex)) {
      // a map such as events by kind: one row of terms
      appendDetail(section, v, depth + 1, '');
    } else {
      appendDetail(section, v, depth + 1, label(name));
    }
    parent.append(section);
  }
}

// A command's answer for a person: the server's sentence (what happened, which pledge, round or serial) and its figures, money with
// two decimals and the currency, in the page's language; never the journal payload.
function statement(output, s) {
  output.replaceChildren();
  const p = document.createElement('p');
  p.className = 'statement';
  p.textContent = s.sentence;
  output.append(p);
  if (Array.isArray(s.figures) && s.figures.length > 0) {
    const dl = document.createElement('dl');
    for (const figure of s.figures) {
      const dt = document.createElement('dt');
      dt.textContent = figure.label;
      const dd = document.createElement('dd');
      dd.textContent = figure.value;
      dl.append(dt, dd);
    }
    output.append(dl);
  }
}

function show(output, result) {
  output.classList.remove('detail');
  output.classList.toggle('error', !result.ok);
  if (result.json && !result.ok) {
    output.textContent = `${result.status} ${result.json.title ?? ''}: ${result.json.detail ?? result.text}`;
  } else if (result.json?.statement) {
    statement(output, result.json.statement);
  } else if (result.json) {
    output.textContent = JSON.stringify(result.json, null, 2);
  } else {
    // status 0: the page's own check, before anything was sent
    output.textContent = result.status === 0 ? result.text : `${result.status} ${result.text}`;
  }
}

async function load(target) {
  const result = await api('GET', target.dataset.source);
  if (result.ok && target.dataset.render === 'detail') renderDetail(target, result.json);
  else if (result.ok) renderTable(target, result.json);
  else show(target, result);
}

// After a retirement: the link to its certificate (the PDF the CLI's ledger certificate writes, served by the public registry).
function certificateLink(output, result) {
  output.parentElement.querySelector('p.certificate')?.remove();
  if (!result.ok || result.json?.kind !== 'credits.retired') return;
  const p = document.createElement('p');
  p.className = 'certificate';
  const a = document.createElement('a');
  a.href = `/api/public/retirements/${encodeURIComponent(result.json.seq)}/certificate`;
  a.download = `retirement-${result.json.seq}.pdf`;
  a.textContent = `${label('certificate')} #${result.json.seq}`;
  p.append(a);
  output.after(p);
}

// Forms: data-endpoint (with {name} taken from a field), data-method; number inputs are sent as numbers, a data-json text area as the
// JSON it holds, empty fields are left out. data-upload: the chosen file is the body (its name fills {file}).
async function submit(form, event) {
  event.preventDefault();
  const output = form.querySelector('output') ?? document.getElementById(form.dataset.output);
  const values = {};
  let file = null;
  const chosen = new Set(); // a select's value is one of the page's own options: it may hold a path (totp/reset)
  for (const input of form.querySelectorAll('input, select, textarea')) {
    if (input.type === 'file') { file = input.files?.[0] ?? null; if (file) values[input.name] = file.name; continue; }
    if (input.type === 'checkbox') { if (input.checked) values[input.name] = true; continue; }
    if (!input.name || input.value === '') continue;
    if (input.tagName === 'SELECT') chosen.add(input.name);
    if (input.dataset.list !== undefined) { values[input.name] = input.value.split(',').map((x) => x.trim()).filter((x) => x !== ''); continue; }
    if (input.dataset.json !== undefined) {
      try { values[input.name] = JSON.parse(input.value); } catch (e) { output.classList.add('error'); output.textContent = `${input.labels?.[0]?.textContent ?? input.name}: ${e.message}`; return; }
      continue;
    }
    values[input.name] = input.type === 'number' ? Number(input.value) : input.value;
  }
  let path = form.dataset.endpoint.replace(/\{(\w+)\}/g, (_, name) => { const v = values[name]; delete values[name]; return chosen.has(name) ? String(v).split('/').map(encodeURIComponent).join('/') : encodeURIComponent(v ?? ''); });
  const method = form.dataset.method ?? 'POST';
  if (method === 'GET') {
    const query = new URLSearchParams(values).toString();
    if (query) path += (path.includes('?') ? '&' : '?') + query;
  }
  output.textContent = '…';
  const key = form.dataset.sign !== undefined && method === 'POST' ? await storedKey(participant()) : null;
  let result;
  if (form.dataset.upload !== undefined) {
    const type = form.dataset.upload;
    // text for CSV (signed over its UTF-8 bytes, as sent), the bytes as they are otherwise
    const body = type.startsWith('text/') ? await file.text() : await file.arrayBuffer();
    result = key && typeof body === 'string' ? await signedSend(path, body, type, key) : await upload(path, body, type);
  } else {
    result = key ? await signedPost(path, values, key) : await api(method, path, method === 'GET' ? undefined : values);
  }
  if (form.dataset.render === 'table' && result.ok) renderTable(output, result.json);
  else if (form.dataset.render === 'detail' && result.ok) renderDetail(output, result.json);
  else if (result.ok && !result.json) { output.classList.remove('error'); output.textContent = label('_done'); }
  else show(output, result);
  certificateLink(output, result);
  if (result.ok && method !== 'GET') {
    for (const target of document.querySelectorAll('[data-source]')) load(target);
  }
}

// The GEP dashboard's start forms: each chosen file is uploaded as it is (POST /api/gep/inputs, answered with its SHA-256), and a raster
// configuration with its files as one set (POST /api/gep/raster-sets); then the run names them with the options, as a client of the API
// would: POST /api/gep/runs, or the form's data-start (a {name} in it is the value of the field of that name, e.g. the zoning run a
// screening is made on). A GEP run's answer links to its page.
async function startGep(form, event) {
  event.preventDefault();
  const output = form.querySelector('output');
  output.classList.remove('error', 'detail');
  output.textContent = '…';
  const values = {};
  // the raster set first: the page's own check of its files then comes before anything is sent
  const rasters = form.querySelector('input[data-raster-config]')?.files?.[0];
  if (rasters) {
    const set = await uploadRasterSet(rasters, [...(form.querySelector('input[data-raster-files]')?.files ?? [])]);
    if (!set.ok) { show(output, set); return; }
    values.rasters = set.json.sha256;
  }
  for (const input of form.querySelectorAll('input[type=file][data-role]')) {
    const file = input.files?.[0];
    if (!file) continue;
    const uploaded = await upload(`/api/gep/inputs?file=${encodeURIComponent(file.name)}`, await file.arrayBuffer(), 'application/octet-stream');
    if (!uploaded.ok) { show(output, uploaded); return; }
    values[input.dataset.role] = uploaded.json.sha256;
  }
  let endpoint = form.dataset.start || '/api/gep/runs';
  for (const input of form.querySelectorAll('input:not([type=file]), select')) {
    if (!input.name || input.value === '') continue;
    if (endpoint.includes(`{${input.name}}`)) { endpoint = endpoint.replace(`{${input.name}}`, encodeURIComponent(input.value)); continue; }
    values[input.name] = input.type === 'number' ? Number(input.value) : input.value;
  }
  const started = await api('POST', endpoint, values);
  if (!started.ok) { show(output, started); return; }
  renderDetail(output, { id: started.json.id, kind: started.json.kind, status: started.json.status, inputs: started.json.inputs });
  if (!form.dataset.dashboard || started.json.kind !== 'gep') return;
  const p = document.createElement('p');
  const a = document.createElement('a');
  a.href = `${form.dataset.dashboard}/${encodeURIComponent(started.json.id)}?lang=${form.dataset.lang}`;
  a.textContent = `${label('open_run')} ${started.json.id}`;
  p.append(a);
  output.append(p);
}

// The paths a raster configuration names (as gep compute --rasters reads it): each field's and the land cover's raster, the land
// cover's class table, and a CRS given as a .prj file (a field's, the land cover's or the units').
function rasterPaths(config) {
  const paths = [];
  const add = (entry, keys) => {
    if (!entry || typeof entry !== 'object') return;
    for (const key of keys) {
      const value = entry[key];
      if (typeof value === 'string' && (!key.endsWith('crs') || value.toLowerCase().endsWith('.prj')) && !paths.includes(value)) paths.push(value);
    }
  };
  for (const field of Object.values(config?.fields ?? {})) add(field, ['raster', 'crs']);
  add(config?.landcover, ['raster', 'classes', 'crs']);
  add(config, ['units_crs']);
  return paths;
}

// rasters.json as the CLI reads it (System.Text.Json with comments and trailing commas allowed): comments and trailing commas go,
// strings are kept as they are.
function parseConfig(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) return null;
      i++;
    } else if (ch === ',' && /^\s*[}\]]/.test(text.slice(i + 1, i + 200))) {
      // a trailing comma
    } else {
      out += ch;
    }
  }
  try { return JSON.parse(out); } catch { return null; }
}

// A raster set as one multipart upload (POST /api/gep/raster-sets): the configuration as the part 'config' (its bytes as they are),
// and each file it names as a part named by that path. A browser gives file names without folders, so each path is matched to the
// chosen file of that name (exactly, else the one whose name differs only in case); two paths ending in one name cannot be told
// apart that way and are said on the page. The server checks the set as the CLI would and answers any problem in its words.
async function uploadRasterSet(configFile, files) {
  const config = parseConfig(await configFile.text());
  const body = new FormData();
  body.append('config', configFile, configFile.name);
  if (config !== null) {
    const baseName = (path) => path.split(/[\\/]/).pop();
    const byName = new Map();
    const twice = [];
    for (const file of files) {
      if (byName.has(file.name)) twice.push(file.name);
      byName.set(file.name, file);
    }
    if (twice.length > 0) return { ok: false, status: 0, text: `${label('_raster_files_twice')} ${twice.join(', ')}` };
    const chosen = (path) => {
      const name = baseName(path);
      if (byName.has(name)) return byName.get(name);
      const alike = [...byName.values()].filter((f) => f.name.toLowerCase() === name.toLowerCase());
      return alike.length === 1 ? alike[0] : undefined;
    };
    const paths = rasterPaths(config);
    const sameName = paths.filter((p) => paths.some((q) => q !== p && baseName(q) === baseName(p)));
    if (sameName.length > 0) return { ok: false, status: 0, text: `${label('_raster_paths_same_name')} ${sameName.join(', ')}` };
    const missing = paths.filter((p) => !chosen(p));
    if (missing.length > 0) return { ok: false, status: 0, text: `${label('_raster_files_missing')} ${missing.join(', ')}` };
    // "./npp.tif" names the file beside the configuration, as "npp.tif" does; the set's part names have no "." segment
    // "rasters\npp.tif", as a configuration written on Windows names it, is the part "rasters/npp.tif": the server reads \ as / too
    for (const path of paths) body.append(path.replace(/\\/g, '/').replace(/^(\.\/)+/, ''), chosen(path), baseName(path));
  }
  // a configuration that does not parse goes as it is: the server's answer says where it breaks
  return upload('/api/gep/raster-sets', body, null);
}

document.addEventListener('DOMContentLoaded', () => {
  for (const form of document.querySelectorAll('form[data-gep-start]')) form.addEventListener('submit', (e) => startGep(form, e));
  for (const target of document.querySelectorAll('[data-source]')) load(target);
  for (const form of document.querySelectorAll('form[data-endpoint]')) form.addEventListener('submit', (e) => submit(form, e));
  document.getElementById('create-key')?.addEventListener('click', (e) => createKey(e.target));
  showKey();
});
