package marketgate.workers.ticks;

/** Why a tick did not make it into a candle; counted per reason in the store's stats. */
public enum RejectReason {
  /** The token is not in the universe. */
  UNKNOWN_TOKEN("unknown_token"),
  /** Price is zero, negative, NaN or infinite. */
  NON_POSITIVE_PRICE("non_positive_price"),
  /** The same tick (token, time, price, cumulative volume) as the previous one. */
  DUPLICATE("duplicate"),
  /**
   * Its bucket is no longer held in the ring (too old) or was skipped, or it is older than its
   * instrument's newest tick by more than {@code ticks.outOfOrderMillis}.
   */
  LATE("late"),
  /** Outside 09:15-15:30 IST: kept out of intraday candles (it still updates the day candle). */
  OUT_OF_SESSION("out_of_session");

  private final String label;

  RejectReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
