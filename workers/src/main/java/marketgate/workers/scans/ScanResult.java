package marketgate.workers.scans;

import java.util.List;

/**
 * What a scan found.
 *
 * @param rows passing symbols, by volume ratio (highest first), then symbol
 * @param scanned symbols of the universe that had daily candles
 * @param missing symbols of the universe without any daily candles
 */
public record ScanResult(List<ScanRow> rows, int scanned, int missing) {
  public ScanResult {
    rows = List.copyOf(rows);
  }
}
