// The status panel: every pipeline of /status with its state and a few of its numbers, plus
// whatever else /status reports (incidents, cluster members) and the alerts seen on the stream.
import { api, el, fmt } from './util.js';

const SKIP = new Set(['time', 'pipelines', 'gateway']);
const MAX_FIELDS = 8;
const MAX_ALERTS = 50;

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
