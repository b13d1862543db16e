package marketgate.shared.telegram;

/**
 * A Bot API call that did not succeed. The message names the method and Telegram's description;
 * it never carries the bot token (the client scrubs it from anything it repeats).
 */
public final class TelegramException extends RuntimeException {
  /** The error code of a call refused by the client itself: queue full, client closed. */
  public static final int DROPPED = -1;
  /** The error code of a network failure: no HTTP answer at all. */
  public static final int NETWORK = 0;

  private final int errorCode;
  private final long retryAfterSeconds;

  public TelegramException(int errorCode, String message) {
    this(errorCode, message, 0);
  }

  public TelegramException(int errorCode, String message, long retryAfterSeconds) {
    // No cause and no stack trace of the HTTP layer: its messages can hold the URL, hence the token.
    super(message, null, false, false);
    this.errorCode = errorCode;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The HTTP status or Telegram's {@code error_code}; 0 for network errors, -1 for a dropped call. */
  public int errorCode() {
    return errorCode;
  }

  /** Telegram's {@code parameters.retry_after} of a 429, 0 otherwise. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
