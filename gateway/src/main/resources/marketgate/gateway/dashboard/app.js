// The dashboard: chart of one symbol and interval, live from /api/v1/stream; scans; status.
import { api, fmt, hideBanner, showBanner } from './util.js';
import { CandleChart } from './chart.js';
import { ScanPanel } from './scans.js';
import { StatusPanel } from './status.js';
import { loadBlueDot } from './bluedot.js';

const INTERVALS = ['1m', '2m', '3m', '4m', '5m', '10m', '15m', '30m', '60m', 'day'];
const STATUS_EVERY_MS = 10000;

const state = { symbol: null, interval: '5m', known: new Set(), stream: null, streamLost: false, loadSeq: 0 };
const chart = new CandleChart(document.getElementById('chart'));
const status = new StatusPanel();
const scans = new ScanPanel((symbol) => pick(symbol));
const symbolInput = document.getElementById('symbol');
const intervalSelect = document.getElementById('interval');

function showQuote(candle) {
  document.getElementById('price').textContent = candle ? fmt(candle.close) : '';
  document.getElementById('updated').textContent = candle ? `updated ${new Date().toLocaleTimeString()}` : '';
}

/** Loads the chart's candles, then (re)opens the stream for the symbol and interval. */
async function load() {
  const seq = ++state.loadSeq;
  const { symbol, interval } = state;
  document.getElementById('symbol-title').textContent = `${symbol} · ${interval}`;
  const url = new URL(window.location.href);
  url.searchParams.set('symbol', symbol);
  url.searchParams.set('interval', interval);
  history.replaceState(null, '', url);
  openStream();
  try {
    const body = await api(`/api/v1/candles/${encodeURIComponent(symbol)}?interval=${interval}&count=300`);
    if (seq !== state.loadSeq) return; // a newer pick won
    chart.set(symbol, body.candles);
    showQuote(chart.last);
    if (interval === 'day') loadBlueDot(symbol, chart, () => seq === state.loadSeq).catch(() => {});
  } catch (e) {
    showBanner(`Could not load candles: ${e.message}`, 'error');
  }
}

function openStream() {
  if (state.stream) state.stream.close();
  const query = new URLSearchParams({ symbols: state.symbol, intervals: state.interval, events: 'candles,alert,snapshot' });
  const stream = new EventSource(`/api/v1/stream?${query}`);
  state.stream = stream;
  stream.addEventListener('open', () => {
    if (state.streamLost) {
      state.streamLost = false;
      showBanner('Live updates reconnected.', 'ok');
      load(); // fill the gap the outage left
    }
  });
  stream.addEventListener('error', () => {
    if (stream !== state.stream) return;
    state.streamLost = true;
    showBanner('Live updates lost; reconnecting…', 'error');
  });
  stream.addEventListener('candles', (e) => {
    const data = JSON.parse(e.data);
    const series = data.candles[state.symbol];
    const candle = series && series[state.interval];
    if (candle && chart.update(candle)) showQuote(candle);
  });
  stream.addEventListener('reset', () => load());
  stream.addEventListener('dropped', () => showBanner('The gateway dropped this stream (too slow); reconnecting…', 'warn'));
  stream.addEventListener('alert', (e) => status.alert(JSON.parse(e.data)));
  stream.addEventListener('snapshot', () => refreshStatus());
}

function pick(symbol) {
  const s = String(symbol || '').trim().toUpperCase();
  if (!s) return;
  if (state.known.size && !state.known.has(s)) {
    showBanner(`Unknown symbol ${s}`, 'warn');
    return;
  }
  hideBanner();
  state.symbol = s;
  symbolInput.value = s;
  load();
}

async function refreshStatus() {
  try {
    await status.refresh();
  } catch (e) {
    showBanner(`Status unavailable: ${e.message}`, 'error');
  }
}

async function start() {
  for (const i of INTERVALS) intervalSelect.append(new Option(i, i));
  const params = new URLSearchParams(window.location.search);
  state.interval = INTERVALS.includes(params.get('interval')) ? params.get('interval') : '5m';
  intervalSelect.value = state.interval;
  intervalSelect.addEventListener('change', () => { state.interval = intervalSelect.value; load(); });
  symbolInput.addEventListener('change', () => pick(symbolInput.value));
  document.getElementById('pick').addEventListener('submit', (e) => { e.preventDefault(); pick(symbolInput.value); });

  // The chart starts at once (the URL's symbol, else INFY) while the instrument list loads.
  pick(params.get('symbol') || 'INFY');
  let instruments = [];
  try {
    instruments = (await api('/api/v1/instruments')).instruments;
  } catch (e) {
    showBanner(`Could not load the instruments: ${e.message}`, 'error');
  }
  const list = document.getElementById('symbols');
  for (const i of instruments) {
    state.known.add(i.symbol);
    list.append(new Option(i.symbol));
  }
  if (instruments.length && !state.known.has(state.symbol)) {
    // Not in this universe: chart one that trades instead.
    const fallback = instruments.find((i) => i.last_price !== null) || instruments[0];
    showBanner(`Unknown symbol ${state.symbol}; showing ${fallback.symbol}`, 'warn');
    state.symbol = fallback.symbol;
    symbolInput.value = fallback.symbol;
    load();
  }
  scans.load().catch((e) => showBanner(`Scan menu unavailable: ${e.message}`, 'error'));
  refreshStatus();
  setInterval(refreshStatus, STATUS_EVERY_MS);
}

start();
