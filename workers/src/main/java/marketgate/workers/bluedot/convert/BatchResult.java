package marketgate.workers.bluedot.convert;

import java.util.List;

/**
 * The account of one batch.
 *
 * @param good whether enough files converted for {@code latest/} to move ({@code goodBatchShare});
 *     it moves only when the batch is also not older than the one it shows
 * @param latestLabel the batch {@code latest/} shows after this run (null when there is none)
 * @param seedChanges paths under the data root of seed files this batch changed, for the git
 *     publisher (see {@link CommitChunks})
 */
public record BatchResult(
    Timeframe timeframe,
    String label,
    String generatedAt,
    long elapsedMillis,
    int totalFiles,
    List<ConvertedStock> stocks,
    List<FailedFile> failures,
    boolean good,
    String latestLabel,
    List<String> seedChanges) {

  public int converted() {
    return stocks.size();
  }

  /** Whether {@code latest/} shows this batch now. */
  public boolean latestMoved() {
    return good && label.equals(latestLabel);
  }

  /** What became of {@code latest/}, for people (job output, notifications). */
  public String latestOutcome() {
    if (latestMoved()) {
      return "latest/ now shows " + label;
    }
    return (good ? "older than the batch latest/ shows, so latest/ stays at "
        : "below the good-batch share, latest/ stays at ") + (latestLabel == null ? "none" : latestLabel);
  }
}
