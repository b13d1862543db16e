// The candlestick chart with volume (TradingView lightweight-charts, bundled in the jar).
// Times are shifted to IST so the axis reads like an Indian terminal.
const IST = 19800;

export class CandleChart {
  constructor(container) {
    this.container = container;
    this.chart = LightweightCharts.createChart(container, {
      autoSize: true,
      layout: { background: { color: '#ffffff' }, textColor: '#1d2330' },
      grid: { vertLines: { color: '#f0f2f5' }, horzLines: { color: '#f0f2f5' } },
      timeScale: { timeVisible: true, secondsVisible: false },
      rightPriceScale: { scaleMargins: { top: 0.05, bottom: 0.25 } },
    });
    this.candles = this.chart.addCandlestickSeries({
      upColor: '#26a69a', downColor: '#ef5350', borderVisible: false, wickUpColor: '#26a69a', wickDownColor: '#ef5350',
    });
    this.volume = this.chart.addHistogramSeries({ priceFormat: { type: 'volume' }, priceScaleId: 'volume' });
    this.chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    this.overlay = null;
    this.count = 0;
    this.updates = 0;
    this.last = null;
  }

  static bar(c) {
    return { time: c.timestamp + IST, open: c.open, high: c.high, low: c.low, close: c.close };
  }

  static vol(c) {
    return { time: c.timestamp + IST, value: c.volume, color: c.close >= c.open ? '#26a69a80' : '#ef535080' };
  }

  /** Replaces the data with a series of candles (oldest first). */
  set(symbol, candles) {
    this.container.dataset.symbol = symbol;
    this.candles.setData(candles.map(CandleChart.bar));
    this.volume.setData(candles.map(CandleChart.vol));
    this.count = candles.length;
    this.last = candles.length ? candles[candles.length - 1] : null;
    this.firstTime = candles.length ? candles[0].timestamp + IST : 0;
    this.clearOverlay();
    this.chart.timeScale().fitContent();
    this.mark();
  }

  /** Applies a live candle: updates the newest bar or appends one; older ones are ignored. */
  update(candle) {
    if (this.last && candle.timestamp < this.last.timestamp) return false;
    if (!this.last || candle.timestamp > this.last.timestamp) this.count++;
    this.candles.update(CandleChart.bar(candle));
    this.volume.update(CandleChart.vol(candle));
    this.last = candle;
    this.updates++;
    this.mark();
    return true;
  }

  mark() {
    this.container.dataset.candles = String(this.count);
    this.container.dataset.updates = String(this.updates);
    this.container.dataset.lastTime = this.last ? String(this.last.timestamp) : '';
  }

  /** A line on its own left scale (the BlueDot RS line) and markers on the candles. */
  setOverlay(points, markers) {
    this.clearOverlay();
    this.chart.applyOptions({ leftPriceScale: { visible: true } });
    this.overlay = this.chart.addLineSeries({ priceScaleId: 'left', color: '#7b1fa2', lineWidth: 2, title: 'RS' });
    this.overlay.setData(points);
    this.candles.setMarkers(markers);
    this.markOverlay(points.length, markers.length);
  }

  markOverlay(points, markers) {
    this.container.dataset.overlayPoints = String(points);
    this.container.dataset.overlayMarkers = String(markers);
  }

  clearOverlay() {
    if (this.overlay) {
      this.chart.removeSeries(this.overlay);
      this.overlay = null;
      this.chart.applyOptions({ leftPriceScale: { visible: false } });
    }
    this.candles.setMarkers([]);
    this.markOverlay(0, 0);
  }
}
