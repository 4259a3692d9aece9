// One row per camera, line or zone, class and direction, from the tumbling windows committed to vigia.counts.
function rowsOf(windows) {
  const rows = new Map();
  for (const w of windows) {
    const key = [w.camera, w.kind, w.name, w.label, w.direction].join('|');
    let row = rows.get(key);
    if (!row) { row = { w, key, total: 0, windows: [] }; rows.set(key, row); }
    row.total += w.count;
    row.windows.push(w);
  }
  for (const row of rows.values()) row.windows.sort((a, b) => a.window_start.localeCompare(b.window_start));
  return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
}

function cell(tr, value, className) {
  const td = document.createElement('td');
  td.textContent = value;
  if (className) td.className = className;
  tr.appendChild(td);
  return td;
}

function render(windows) {
  const rows = rowsOf(windows);
  const body = document.getElementById('rows');
  body.replaceChildren();
  for (const row of rows) {
    const latest = row.windows[row.windows.length - 1];
    const tr = document.createElement('tr');
    tr.className = 'count';
    tr.dataset.key = row.key;
    cell(tr, row.w.camera, 'camera');
    cell(tr, (row.w.kind === 'line' ? 'line ' : 'zone ') + row.w.name);
    cell(tr, row.w.label);
    cell(tr, row.w.direction);
    cell(tr, latest.window_start.replace('T', ' ').replace('Z', '') + ' – ' + latest.window_end.substring(11, 19));
    cell(tr, latest.count, 'number latest');
    const bars = cell(tr, '');
    const holder = document.createElement('span');
    holder.className = 'bars';
    const most = Math.max(...row.windows.map(w => w.count));
    for (const w of row.windows.slice(-24)) {
      const bar = document.createElement('span');
      bar.style.height = Math.max(2, Math.round(20 * w.count / most)) + 'px';
      bar.title = w.window_start + ': ' + w.count;
      holder.appendChild(bar);
    }
    bars.appendChild(holder);
    cell(tr, row.total, 'number total');
    body.appendChild(tr);
  }
  document.getElementById('empty').hidden = rows.length > 0;
  const cameras = new Set(rows.map(r => r.w.camera)).size;
  document.getElementById('summary').textContent = cameras + ' camera' + (cameras === 1 ? '' : 's') + ', '
      + windows.length + ' windows · updated ' + new Date().toLocaleTimeString();
}

async function refresh() {
  try {
    const response = await fetch('/api/counts/committed?windowing=tumbling');
    if (response.ok) render(await response.json());
    else document.getElementById('summary').textContent = (await response.json()).error;
  } catch (e) {
    document.getElementById('summary').textContent = 'the aggregate does not answer';
  }
}
refresh();
setInterval(refresh, 2000);
