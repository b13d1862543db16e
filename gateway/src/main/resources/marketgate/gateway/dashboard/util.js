// Small helpers shared by the dashboard's modules. Every text a person sees goes in through
// textContent (never innerHTML), so symbols, errors and alerts cannot inject markup.

/** Creates an element with text and attributes. */
export function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

const banner = () => document.getElementById('banner');
let bannerTimer = null;

/** Shows a message over the page; kind is 'error', 'warn' or 'ok' ('ok' fades by itself). */
export function showBanner(message, kind = 'warn') {
  const b = banner();
  clearTimeout(bannerTimer);
  b.textContent = message;
  b.className = kind;
  b.hidden = false;
  if (kind === 'ok') bannerTimer = setTimeout(hideBanner, 4000);
}

export function hideBanner() {
  banner().hidden = true;
}

/** fetch that throws an Error carrying the gateway's {"error", "detail"} message. */
export async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, ...options });
  } catch (e) {
    throw new Error(`${path}: the gateway cannot be reached (${e.message})`);
  }
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
  if (!response.ok) {
    const why = body && body.detail ? `${body.error}: ${body.detail}` : `HTTP ${response.status}`;
    const error = new Error(`${path}: ${why}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

export function fmt(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return typeof value === 'number' ? value.toLocaleString('en-IN', { maximumFractionDigits: digits }) : String(value);
}
