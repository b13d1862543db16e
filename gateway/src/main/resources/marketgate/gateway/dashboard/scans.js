// The scan panel: the same menu as the bot (from /api/v1/scans/menu), run, rows, CSV.
import { api, el, fmt, showBanner } from './util.js';

const COLUMNS = [
  ['symbol', 'Symbol'], ['ltp', 'LTP'], ['change_pct', 'Chg %'], ['volume_ratio', 'Vol x'],
  ['rsi14', 'RSI'], ['high_52w', '52w H'], ['low_52w', '52w L'], ['level', 'Level'],
];

export class ScanPanel {
  constructor(onPick) {
    this.onPick = onPick;
    this.menu = null;
    this.result = null;
    this.form = document.getElementById('scan-form');
    this.index = document.getElementById('scan-index');
    this.scan = document.getElementById('scan-name');
    this.params = document.getElementById('scan-params');
    this.token = document.getElementById('api-token');
    this.csv = document.getElementById('scan-csv');
    this.rows = document.getElementById('scan-rows');
    this.summary = document.getElementById('scan-summary');
    const head = el('tr');
    for (const [, title] of COLUMNS) head.append(el('th', title));
    document.querySelector('#scan-table thead').append(head);
    this.token.value = sessionStorage.getItem('marketgate.token') || '';
    this.form.addEventListener('submit', (e) => { e.preventDefault(); this.run(); });
    this.scan.addEventListener('change', () => this.showParams());
    this.csv.addEventListener('click', () => this.download());
  }

  async load() {
    this.menu = await api('/api/v1/scans/menu');
    for (const index of this.menu.indexes) {
      if (index.id === 0) continue; // explicit symbol lists are for the bot's chat, not a menu
      this.index.append(el('option', `${index.id} ${index.name}`, { value: String(index.id) }));
    }
    this.index.value = '12';
    for (const scan of this.menu.scans) {
      this.scan.append(el('option', `${scan.id} ${scan.title}`, { value: scan.id }));
    }
    this.scan.value = this.menu.scans.some((s) => s.id === '9') ? '9' : this.menu.scans[0].id;
    this.showParams();
  }

  showParams() {
    this.params.replaceChildren();
    const scan = this.menu.scans.find((s) => s.id === this.scan.value);
    for (const p of scan.params) {
      this.params.append(el('input', null, {
        type: 'number', step: p.integer ? '1' : 'any', min: String(p.min), max: String(p.max),
        value: String(p.default), title: p.name, 'aria-label': p.name, 'data-param': p.name,
      }));
    }
  }

  code() {
    const args = [...this.params.querySelectorAll('input')].map((i) => i.value.trim()).filter((v) => v !== '');
    return ['X', this.index.value, this.scan.value, ...args].join(':');
  }

  async run() {
    const code = this.code();
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    const token = this.token.value.trim();
    sessionStorage.setItem('marketgate.token', token);
    if (token) headers.authorization = `Bearer ${token}`;
    this.summary.textContent = `running ${code}…`;
    try {
      this.result = await api('/api/v1/scans', { method: 'POST', headers, body: JSON.stringify({ code }) });
    } catch (e) {
      this.summary.textContent = '';
      showBanner(`Scan failed: ${e.message}`, 'error');
      return;
    }
    this.render();
  }

  render() {
    const r = this.result;
    this.summary.textContent = `${r.code}: ${r.count} rows, data of ${r.data_date}${r.live ? ' (live)' : ''}, ${r.took_ms} ms`;
    this.rows.replaceChildren();
    for (const row of r.rows) {
      const tr = el('tr', null, { 'data-symbol': row.symbol });
      for (const [key] of COLUMNS) tr.append(el('td', key === 'symbol' ? row.symbol : fmt(row[key])));
      tr.addEventListener('click', () => {
        for (const s of this.rows.querySelectorAll('tr.selected')) s.classList.remove('selected');
        tr.classList.add('selected');
        this.onPick(row.symbol);
      });
      this.rows.append(tr);
    }
    this.csv.disabled = r.rows.length === 0;
  }

  download() {
    const quote = (v) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const lines = [COLUMNS.map(([k]) => k).join(',')];
    for (const row of this.result.rows) lines.push(COLUMNS.map(([k]) => quote(row[k])).join(','));
    const blob = new Blob([lines.join('\n') + '\n'], { type: 'text/csv' });
    const a = el('a', null, { href: URL.createObjectURL(blob), download: `scan-${this.result.code.replace(/[^\w.-]+/g, '_')}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }
}
