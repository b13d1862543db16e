// Drives POST /api/v1/scans for scans-overload.sh (Node 20, no packages).
//   closed loop: node scans-overload.mjs closed <url> <code> <clients> <seconds>
//   open loop:   node scans-overload.mjs open <url> <code> <requests/s> <seconds> [processes]
// Prints one JSON line: counts by outcome and the latency percentiles of the 200s, in ms.
// An open loop may be split over several processes (each offers its share of the rate): one Node
// process sends about 10,000 requests a second at most, less than 10x a fast scan's capacity.
import http from 'node:http';
import { fork } from 'node:child_process';

const [mode, url, code, amount, seconds, processesArg] = process.argv.slice(2);
const processes = Number(processesArg || 1);
const isChild = process.send !== undefined;
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const body = JSON.stringify({ code });
const target = new URL(url);
const CLIENT_TIMEOUT_MS = 15000;
const MAX_IN_FLIGHT = 1000;
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

function summary(ok, counts, peak, elapsed) {
  ok.sort((a, b) => a - b);
  const total = Object.entries(counts).filter(([k]) => k !== 'client_skipped').reduce((a, [, v]) => a + v, 0);
  return {
    mode, amount: Number(amount), seconds: Number(seconds), processes, elapsed_s: elapsed, counts,
    offered_per_s: Math.round(total / elapsed * 100) / 100,
    ok_per_s: Math.round(ok.length / elapsed * 100) / 100,
    ok_p50_ms: percentile(ok, 50), ok_p99_ms: percentile(ok, 99), ok_max_ms: percentile(ok, 100),
    peak_in_flight: peak, retry_after_values: [...retryAfter].sort(),
  };
}

if (mode === 'open' && processes > 1 && !isChild) {
  // The parent only forks and merges: each child offers rate / processes on its own connections.
  const share = Number(amount) / processes;
  const started = Date.now();
  const parts = await Promise.all(Array.from({ length: processes }, () => new Promise((resolve, reject) => {
    const child = fork(new URL(import.meta.url).pathname, ['open', url, code, String(share), seconds, '1']);
    child.on('message', resolve);
    child.on('exit', (status) => status === 0 || reject(new Error('driver process exited with ' + status)));
  })));
  const merged = {};
  let peak = 0;
  const latencies = [];
  for (const part of parts) {
    for (const [k, v] of Object.entries(part.counts)) merged[k] = (merged[k] || 0) + v;
    peak += part.peak;
    part.retryAfter.forEach((v) => retryAfter.add(v));
    latencies.push(...part.ok);
  }
  console.log(JSON.stringify(summary(latencies, merged, peak, (Date.now() - started) / 1000)));
  process.exit(0);
}

const endAt = Date.now() + Number(seconds) * 1000;
const started = Date.now();
const pending = [];
if (mode === 'closed') {
  const loop = async () => { while (Date.now() < endAt) { await one(); } };
  for (let i = 0; i < Number(amount); i++) pending.push(loop());
} else {
  // Sends what the clock says is due, so a late timer tick catches up instead of lowering the rate,
  // but never more than MAX_IN_FLIGHT at once: past that the client itself is the bottleneck (each
  // request in flight holds a socket), and what it could not send is counted as client_skipped.
  const rate = Number(amount);
  let due = 0;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = Date.now();
      if (now >= endAt) { clearInterval(timer); resolve(); return; }
      for (const target = Math.floor((now - started) / 1000 * rate); due < target; due++) {
        if (inFlight >= MAX_IN_FLIGHT) {
          count('client_skipped');
        } else {
          pending.push(one());
        }
      }
    }, 10);
  });
}
await Promise.all(pending);
agent.destroy();
if (isChild) {
  process.send({ counts, ok, peak: peakInFlight, retryAfter: [...retryAfter] }, () => process.exit(0));
} else {
  console.log(JSON.stringify(summary(ok, counts, peakInFlight, (Date.now() - started) / 1000)));
}
