// BlueDot overlay on the daily chart: the RS line and the blue-dot markers of the latest batch,
// read through the mirror (docs/bluedot.md). A symbol outside the batch simply has no overlay.
export async function loadBlueDot(symbol, chart, current) {
  const base = `/pages/daily/latest/${encodeURIComponent(symbol)}`;
  const [rs, dots] = await Promise.all([csv(`${base}_RS_LINE.csv`), csv(`${base}_BLUE_DOTS.csv`)]);
  if (!rs || !current()) return;
  // Pine Seeds rows: YYYYMMDDT,open,high,low,close,volume; the value is the close.
  const points = rs.map((r) => ({ time: day(r[0]), value: Number(r[4]) }))
    .filter((p) => p.time !== null && p.time >= chart.firstTime && Number.isFinite(p.value));
  const markers = (dots || []).filter((r) => Number(r[4]) === 1)
    .map((r) => ({ time: day(r[0]), position: 'belowBar', color: '#2962ff', shape: 'circle', text: '' }))
    .filter((m) => m.time !== null && m.time >= chart.firstTime);
  chart.setOverlay(points, markers);
}

async function csv(path) {
  const response = await fetch(path);
  if (!response.ok) return null;
  const lines = (await response.text()).trim().split(/\r?\n/);
  return lines.filter((l) => l.length > 0).map((l) => l.split(','));
}

/** A date cell (YYYYMMDDT, YYYY-MM-DD or epoch seconds) as the chart's time (IST midnight shifted to UTC). */
function day(cell) {
  const s = String(cell).trim();
  let m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(s);
  if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000;
  if (/^\d{9,10}$/.test(s)) return Math.floor((Number(s) + 19800) / 86400) * 86400;
  return null;
}
