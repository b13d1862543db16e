// The status panel: every pipeline of /status with its state and a few of its numbers, plus
// whatever else /status reports (incidents, cluster members) and the alerts seen on the stream.
import { api, el, fmt } from './util.js';

const SKIP = new Set(['time', 'pipelines', 'gateway']);
const MAX_FIELDS = 8;
const MAX_ALERTS = 50;
const LISTED_FAILURES = 5;

function scalars(obj) {
  const out = [];
  for (const [k, v] of Object.entries(obj || {})) {
    if (v === null || typeof v !== 'object') out.push([k, v]);
    if (out.length >= MAX_FIELDS) break;
  }
  return out;
}

function describe(value) {
  if (value === null || typeof value !== 'object') return fmt(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('; ');
  return scalars(value).map(([k, v]) => `${k}: ${fmt(v)}`).join(', ');
}

/** The monitor's open incidents, each with its check and since when; "none" when all is well. */
function openIncidents(monitor) {
  const row = el('div', null, { class: 'pipeline', 'data-incidents': '' });
  row.append(el('b', 'incidents'));
  if (!monitor || monitor.state !== 'running') {
    row.append(el('span', 'unknown: the monitor is not running', { class: 'kv' }));
    return row;
  }
  const open = (monitor.details.incidents && monitor.details.incidents.open) || [];
  row.dataset.incidents = String(open.length);
  if (!open.length) {
    row.append(el('span', 'none open', { class: 'kv' }));
    return row;
  }
  const list = el('ul', null, { class: 'failures' });
  for (const i of open) list.append(el('li', `${i.check}: ${i.summary} (since ${new Date(i.opened).toLocaleTimeString()})`));
  row.append(list);
  return row;
}

/**
 * The last BlueDot batch of each timeframe with its failures, from the consolidated index the
 * converter writes (pages/index.json, through the mirror), whether Drive or a job made it.
 */
async function blueDotBatches() {
  let index;
  try {
    index = await api('/pages/index.json');
  } catch (e) {
    const row = el('div', null, { class: 'pipeline', 'data-bluedot': 'none' });
    row.append(el('b', 'bluedot'), el('span', e.status === 404 ? 'no batch yet' : `index unavailable: ${e.message}`,
      { class: 'kv' }));
    return [row];
  }
  const rows = [];
  for (const timeframe of ['daily', 'weekly']) {
    const s = index && index[timeframe];
    if (!s) continue;
    const row = el('div', null, { class: 'pipeline', 'data-bluedot': timeframe, 'data-label': s.label });
    row.append(el('b', `bluedot ${timeframe}`),
      el('span', `${s.label}: ${s.converted} of ${s.files} converted, ${s.failed} failed; latest ${s.latest || 'none'}`,
        { class: s.good ? 'kv' : 'kv state-failed' }));
    const failures = s.failures || [];
    if (failures.length) {
      const list = el('ul', null, { class: 'failures' });
      for (const f of failures.slice(0, LISTED_FAILURES)) list.append(el('li', `${f.file}: ${f.reason}`));
      if (failures.length > LISTED_FAILURES) list.append(el('li', `… and ${failures.length - LISTED_FAILURES} more (pages/index.html)`));
      row.append(list);
    }
    rows.push(row);
  }
  return rows;
}

export class StatusPanel {
  constructor() {
    this.box = document.getElementById('status');
    this.alerts = document.getElementById('alerts');
    this.alertCount = 0;
  }

  async refresh() {
    const status = await api('/status');
    const parts = [];
    for (const [name, p] of Object.entries(status.pipelines || {})) {
      const row = el('div', null, { class: 'pipeline', 'data-pipeline': name });
      row.append(el('b', name), el('span', p.state, { class: `state-${String(p.state).replace(/\s+/g, '-')}` }));
      const details = p.state === 'running' ? scalars(p.details) : [['reason', p.reason]];
      row.append(el('span', details.map(([k, v]) => `${k}: ${fmt(v)}`).join(', '), { class: 'kv' }));
      parts.push(row);
    }
    parts.push(openIncidents(status.pipelines && status.pipelines.monitor));
    for (const [key, value] of Object.entries(status)) {
      if (SKIP.has(key)) continue;
      const row = el('div', null, { class: 'pipeline' });
      row.append(el('b', key), el('span', describe(value), { class: 'kv' }));
      parts.push(row);
    }
    const streams = status.gateway && status.gateway.streams;
    if (streams) {
      const row = el('div', null, { class: 'pipeline' });
      row.append(el('b', 'streams'), el('span', describe(streams), { class: 'kv' }));
      parts.push(row);
    }
    parts.push(...await blueDotBatches());
    parts.push(el('div', `as of ${new Date(status.time).toLocaleTimeString()}`, { class: 'kv' }));
    this.box.replaceChildren(...parts);
  }

  alert(data) {
    if (this.alertCount === 0) this.alerts.replaceChildren();
    this.alertCount++;
    const text = data.message || data.incident || data.summary || JSON.stringify(data);
    this.alerts.prepend(el('li', `${new Date().toLocaleTimeString()} ${data.source || ''}: ${text}`));
    while (this.alerts.children.length > MAX_ALERTS) this.alerts.lastChild.remove();
  }
}
