package marketgate.shared.telegram;

import java.util.regex.Pattern;

/**
 * Telegram's length rules for texts and captions: counted in characters after entity parsing
 * (core.telegram.org/bots/api#sendmessage, "1-4096 characters after entities parsing"), so HTML
 * tags do not count and an entity such as {@code &lt;} counts as one character.
 */
public final class TelegramText {
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);");

  private TelegramText() {}

  /** The characters Telegram counts in an HTML text. */
  public static int visibleLength(String html) {
    return ENTITY.matcher(TAG.matcher(html).replaceAll("")).replaceAll("_").length();
  }

  /** Null when the plain text may be sent, else why not. */
  static String checkPlain(String text, int max) {
    if (text == null || text.isBlank()) {
      return "the message text is empty";
    }
    return text.length() > max ? tooLong("message text", text.length(), max) : null;
  }

  /** Null when the HTML text may be sent, else why not. */
  static String checkHtml(String html, int max, String what) {
    if (html == null || html.isBlank()) {
      return "the " + what + " is empty";
    }
    int length = visibleLength(html);
    return length > max ? tooLong(what, length, max) : null;
  }

  private static String tooLong(String what, int length, int max) {
    return "the " + what + " has " + length + " characters, Telegram allows " + max
        + "; split it (on row boundaries) before sending";
  }
}
