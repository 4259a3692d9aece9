// The dashboard builds every element with createElement, textContent and setAttribute: camera names,
// labels and addresses come from the config and the events, and are never parsed as HTML.
const tiles = new Map();
const SVG = 'http://www.w3.org/2000/svg';
let motionTimer = null;

function element(tag, className, textValue) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (textValue !== undefined) el.textContent = textValue;
  return el;
}

function text(el, value) { el.textContent = value; }

// Only the server's own file and API paths become addresses; anything else (javascript:, other sites) is dropped.
function ownPath(url) {
  return typeof url === 'string' && /^\/(api|files)\//.test(url) ? url : null;
}

function tileFor(camera) {
  let tile = tiles.get(camera.name);
  if (tile) return tile;
  tile = element('div', 'tile');
  tile.dataset.camera = camera.name;
  const img = element('img');
  img.setAttribute('alt', camera.name);
  const stream = ownPath(camera.stream);
  if (stream) img.setAttribute('src', stream);
  // The motion overlay covers the image's box; its viewBox is the frame's size, letterboxed as the image is.
  const view = element('div', 'view');
  const overlay = document.createElementNS(SVG, 'svg');
  overlay.setAttribute('class', 'overlay');
  overlay.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  view.append(img, overlay);
  const bar = element('div', 'bar');
  bar.appendChild(element('span', 'name', camera.name));
  for (const part of ['quality', 'fps', 'faults', 'age', 'frames', 'budget']) bar.appendChild(element('span', part));
  tile.append(view, bar, element('div', 'counts'));
  document.getElementById('grid').appendChild(tile);
  tiles.set(camera.name, tile);
  return tile;
}

function describeScene(scene) {
  const parts = [];
  for (const [name, line] of Object.entries(scene.lines || {})) parts.push(`line ${name}: in ${line.in} / out ${line.out}`);
  for (const [name, zone] of Object.entries(scene.zones || {})) parts.push(`zone ${name}: ${zone.occupancy} now, ${zone.entered} entered`);
  return parts.join(' · ');
}

async function refreshCameras() {
  try {
    const cameras = await (await fetch('/api/cameras')).json();
    let online = 0;
    for (const camera of cameras) {
      const h = camera.health;
      if (h.connected) online++;
      const tile = tileFor(camera);
      const quality = tile.querySelector('.quality');
      quality.className = 'quality ' + String(h.quality).replace(/[^a-z]/g, '');
      text(quality, h.quality);
      text(tile.querySelector('.fps'), `${h.fps_in.toFixed(1)}/${h.fps_expected > 0 ? h.fps_expected.toFixed(1) : '?'} fps, ${h.fps_detected.toFixed(1)} detected`);
      text(tile.querySelector('.faults'), `last hour: ${h.drops_last_hour} drops, ${h.reconnects_last_hour} reconnects, ${h.stalls_last_hour} stalls`);
      text(tile.querySelector('.age'), h.last_frame_age_seconds < 0 ? 'no frame yet' : `last frame ${h.last_frame_age_seconds.toFixed(1)} s ago`);
      text(tile.querySelector('.frames'), `frame ${h.frames}`);
      text(tile.querySelector('.counts'), describeScene(camera.scene));
      const budget = tile.querySelector('.budget');
      const b = camera.budget;
      budget.className = 'budget' + (b && b.short_now ? ' short' : '');
      text(budget, !b ? '' : `budget ${b.share_per_second === undefined ? 'unlimited' : Number(b.share_per_second).toFixed(1) + '/s'}`
          + (b.short_now ? `, short: ${Number(b.refused)} of ${Number(b.asked)} refused` : ''));
    }
    text(document.getElementById('summary'), `${online} of ${cameras.length} cameras online`);
  } catch (e) {
    text(document.getElementById('summary'), 'monitor unreachable');
  }
}

// Each camera's motion boxes of its last frame, drawn as SVG rectangles from numbers only.
function drawMotion(cameras) {
  // An answer that arrives after the overlay was turned off draws nothing.
  if (!document.body.classList.contains('show-motion')) return;
  for (const camera of cameras) {
    const tile = tiles.get(camera.name);
    if (!tile) continue;
    const overlay = tile.querySelector('svg.overlay');
    overlay.replaceChildren();
    const width = Number(camera.width);
    const height = Number(camera.height);
    if (!(width > 0 && height > 0)) continue;
    overlay.setAttribute('viewBox', `0 0 ${width} ${height}`);
    for (const box of camera.boxes || []) {
      const [x1, y1, x2, y2] = Array.from(box, Number);
      if (![x1, y1, x2, y2].every(Number.isFinite) || x2 <= x1 || y2 <= y1) continue;
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('x', x1);
      rect.setAttribute('y', y1);
      rect.setAttribute('width', x2 - x1);
      rect.setAttribute('height', y2 - y1);
      overlay.appendChild(rect);
    }
  }
}

async function refreshMotion() {
  try {
    drawMotion(await (await fetch('/api/motion')).json());
  } catch (e) {
    // The next refresh tries again; the camera tiles say when the monitor is unreachable.
  }
}

function showMotion(on) {
  document.body.classList.toggle('show-motion', on);
  clearInterval(motionTimer);
  motionTimer = null;
  if (on) {
    refreshMotion();
    motionTimer = setInterval(refreshMotion, 250);
  } else {
    for (const tile of tiles.values()) tile.querySelector('svg.overlay').replaceChildren();
  }
}

function showEvent(e, atTop) {
  const row = element('div', 'event');
  row.dataset.type = e.type;
  row.dataset.reason = e.reason || '';
  const what = e.type === 'update' ? String(e.reason).replace('_', ' ') + (e.line ? ` ${e.line} (${e.direction})` : '') + (e.zone ? ` ${e.zone}` : '') : e.type;
  const img = element('img');
  img.setAttribute('alt', '');
  const snapshot = ownPath(e.snapshot_url);
  if (snapshot) img.setAttribute('src', snapshot);
  const body = element('div');
  body.append(element('b', null, `${e.camera} · ${e.label} #${e.track_id}`), element('br'),
      element('span', 'what', `${what}, score ${Number(e.score).toFixed(2)} (top ${Number(e.top_score).toFixed(2)})`), element('br'),
      document.createTextNode(new Date(e.time * 1000).toLocaleTimeString()));
  const clip = ownPath(e.clip_url);
  if (clip) {
    const link = element('a', null, 'clip');
    link.setAttribute('href', clip);
    body.append(document.createTextNode(' · '), link);
  }
  row.append(img, body);
  const list = document.getElementById('event-list');
  if (atTop) list.prepend(row); else list.appendChild(row);
  while (list.children.length > 200) list.lastChild.remove();
}

async function loadEvents() {
  const events = await (await fetch('/api/events?limit=50')).json();
  for (const e of events) showEvent(e, false);
  const stream = new EventSource('/api/events/stream');
  stream.addEventListener('event', m => showEvent(JSON.parse(m.data), true));
}

document.getElementById('motion-toggle').addEventListener('change', e => showMotion(e.target.checked));
refreshCameras();
setInterval(refreshCameras, 2000);
loadEvents();
