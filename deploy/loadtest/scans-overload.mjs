// Drives POST /api/v1/scans for scans-overload.sh (Node 20, no packages).
//   closed loop: node scans-overload.mjs closed <url> <code> <clients> <seconds>
//   open loop:   node scans-overload.mjs open <url> <code> <requests/s> <seconds>
// Prints one JSON line: counts by outcome and the latency percentiles of the 200s, in ms.
import http from 'node:http';

const [mode, url, code, amount, seconds] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const body = JSON.stringify({ code });
const target = new URL(url);
const CLIENT_TIMEOUT_MS = 15000;
const ok = [];
const counts = {};
let inFlight = 0;
let peakInFlight = 0;
const retryAfter = new Set();

function count(key) {
  counts[key] = (counts[key] || 0) + 1;
}

function one() {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    const done = (key) => {
      inFlight--;
      count(key);
      resolve();
    };
    const req = http.request({
      host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) {
          ok.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
        if (res.statusCode === 429) {
          retryAfter.add(res.headers['retry-after']);
        }
        done(String(res.statusCode));
      });
    });
    req.setTimeout(CLIENT_TIMEOUT_MS, () => { req.destroy(new Error('client timeout')); });
    req.on('error', (e) => done(e.message === 'client timeout' ? 'timeout' : 'error'));
    req.end(body);
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] * 10) / 10;
}

const endAt = Date.now() + Number(seconds) * 1000;
const started = Date.now();
const pending = [];
if (mode === 'closed') {
  const loop = async () => { while (Date.now() < endAt) { await one(); } };
  for (let i = 0; i < Number(amount); i++) pending.push(loop());
} else {
  const rate = Number(amount);
  let carry = 0;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      if (Date.now() >= endAt) { clearInterval(timer); resolve(); return; }
      carry += rate / 100;
      for (; carry >= 1; carry--) pending.push(one());
    }, 10);
  });
}
await Promise.all(pending);
const elapsed = (Date.now() - started) / 1000;
ok.sort((a, b) => a - b);
console.log(JSON.stringify({
  mode, amount: Number(amount), seconds: Number(seconds), elapsed_s: elapsed, counts,
  ok_per_s: Math.round(ok.length / elapsed * 100) / 100,
  ok_p50_ms: percentile(ok, 50), ok_p99_ms: percentile(ok, 99), ok_max_ms: percentile(ok, 100),
  peak_in_flight: peakInFlight, retry_after_values: [...retryAfter].sort(),
}));
agent.destroy();
