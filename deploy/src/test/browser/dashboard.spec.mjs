// The dashboard of a running `marketgate run`, in Debian's chromium:
//   node dashboard.spec.mjs <url> <screenshot dir> [<BlueDot symbol> <BlueDot batch date>]
// Opens the page, checks the chart has candles, waits for a live update through the stream, runs a
// scan, clicks a row (the chart switches symbol), checks the status panel, the BlueDot batch and
// overlay, and the phone layout. Times to load and to a chart with candles are printed, not asserted.
// Every wait is on a condition in the page, with generous timeouts. Exit code 0 and a last line
// "DASHBOARD OK {...}" mean every check passed.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [url, shots = '.', blueDotSymbol, blueDotDate] = process.argv.slice(2);
const WAIT = { timeout: 90_000 };
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
});
const problems = [];
let page;
try {
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => {
    // The stream is closed on purpose when the chart switches symbol.
    if (!r.url().includes('/api/v1/stream')) problems.push(`request failed: ${r.url()}`);
  });
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load', ...WAIT });
  const loadMillis = Date.now() - started;

  // 1. The chart has candles.
  await page.waitForSelector('#chart canvas', WAIT);
  await page.waitForFunction(() => Number(document.getElementById('chart').dataset.candles) > 0, null, WAIT);
  const firstChartMillis = Date.now() - started;
  const before = await page.evaluate(() => ({
    symbol: document.getElementById('chart').dataset.symbol,
    candles: Number(document.getElementById('chart').dataset.candles),
    updates: Number(document.getElementById('chart').dataset.updates),
  }));

  // 2. A new candle or price arrives through the stream.
  await page.waitForFunction((n) => Number(document.getElementById('chart').dataset.updates) > n, before.updates, WAIT);
  await page.screenshot({ path: join(shots, 'dashboard-chart.png') });

  // 3. The status panel shows the pipelines.
  await page.waitForSelector('#status .pipeline[data-pipeline="ticks"]', WAIT);
  await page.waitForSelector('#status .pipeline[data-incidents]', WAIT);

  // 4. A scan: gates only (0) over all stocks lists rows whatever the day's data.
  await page.waitForSelector('#scan-name option[value="0"]', { state: 'attached', ...WAIT });
  await page.selectOption('#scan-name', '0');
  await page.click('#scan-run');
  await page.waitForSelector('#scan-rows tr', WAIT);
  const rows = await page.locator('#scan-rows tr').count();
  const pick = await page.evaluate((current) => {
    const all = [...document.querySelectorAll('#scan-rows tr')];
    return (all.find((tr) => tr.dataset.symbol !== current) || all[0]).dataset.symbol;
  }, before.symbol);
  await page.click(`#scan-rows tr[data-symbol="${pick}"]`);
  await page.waitForFunction((s) => document.getElementById('chart').dataset.symbol === s
      && Number(document.getElementById('chart').dataset.candles) > 0, pick, WAIT);
  const title = await page.textContent('#symbol-title');
  if (!title.startsWith(pick)) throw new Error(`the title says "${title}" after clicking ${pick}`);
  await page.screenshot({ path: join(shots, 'dashboard-scan.png') });

  // 5. BlueDot: the status panel names the batch with its counts, and the daily chart of its stock
  // has the RS line and the blue-dot markers.
  let overlay = null;
  let warm = null;
  if (blueDotSymbol) {
    await page.waitForSelector(`#status .pipeline[data-bluedot="daily"][data-label="${blueDotDate}"]`, WAIT);
    const again = Date.now();
    await page.goto(`${url}?symbol=${encodeURIComponent(blueDotSymbol)}&interval=day`, { waitUntil: 'load', ...WAIT });
    const loadAgain = Date.now() - again;
    await page.waitForFunction(() => Number(document.getElementById('chart').dataset.candles) > 0, null, WAIT);
    warm = { loadMillis: loadAgain, chartMillis: Date.now() - again };
    await page.waitForFunction(() => Number(document.getElementById('chart').dataset.overlayPoints) > 0
        && Number(document.getElementById('chart').dataset.overlayMarkers) > 0, null, WAIT);
    overlay = await page.evaluate(() => ({
      points: Number(document.getElementById('chart').dataset.overlayPoints),
      markers: Number(document.getElementById('chart').dataset.overlayMarkers),
    }));
    const batchText = await page.textContent(`#status .pipeline[data-bluedot="daily"]`);
    if (!batchText.includes('1 of 1 converted')) throw new Error(`the BlueDot row says "${batchText}"`);
    await page.screenshot({ path: join(shots, 'dashboard-bluedot.png') });
  }

  // 6. Phone width: one column, nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth + 1, null, WAIT);
  await page.screenshot({ path: join(shots, 'dashboard-phone.png'), fullPage: true });

  if (problems.length) throw new Error(problems.join('\n'));
  console.log(`DASHBOARD OK ${JSON.stringify({ loadMillis, firstChartMillis, warm, first: before, scanRows: rows,
    picked: pick, overlay })}`);
} catch (e) {
  if (page) await page.screenshot({ path: join(shots, 'dashboard-failure.png') }).catch(() => {});
  console.error(`DASHBOARD FAILED: ${e.stack || e}`);
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
