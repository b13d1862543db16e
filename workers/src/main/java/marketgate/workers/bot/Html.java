package marketgate.workers.bot;

/** Telegram's HTML parse mode: every user-visible string passes through {@link #escape}. */
public final class Html {
  private Html() {}

  /** Escapes the four characters Telegram's HTML parser gives meaning to. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  public static String code(String text) {
    return "<code>" + escape(text) + "</code>";
  }

  public static String bold(String text) {
    return "<b>" + escape(text) + "</b>";
  }
}
