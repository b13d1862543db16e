package marketgate.workers.bot;

import java.util.Locale;
import java.util.Optional;

/**
 * A command message split into its command ({@code /scan}, lower case), the bot it is addressed to
 * in a group ({@code /scan@SomeBot}: {@code SomeBot}, else null) and the rest. PKScreener's codes are commands too: {@code /X_12_9_2.5} and
 * {@code /X_0 SBIN,TCS} (a space before the symbols) both become a scan code here.
 */
record CommandText(String command, String args, String target) {

  static Optional<CommandText> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String stripped = text.strip();
    if (!stripped.startsWith("/") || stripped.length() < 2) {
      return Optional.empty();
    }
    int space = indexOfWhitespace(stripped);
    String head = space < 0 ? stripped : stripped.substring(0, space);
    String rest = space < 0 ? "" : stripped.substring(space).strip();
    int at = head.indexOf('@');
    String target = null;
    if (at > 0) {
      target = head.substring(at + 1);
      head = head.substring(0, at);
    }
    return Optional.of(new CommandText(head.toLowerCase(Locale.ROOT), rest, target));
  }

  /** Whether this is a PKScreener code command ({@code /X_...}). */
  boolean isCode() {
    return command.startsWith("/x_") || command.equals("/x");
  }

  /**
   * The scan code of a code command: {@code /X_12_9_2.5} -> {@code X:12:9:2.5}, {@code /X_0
   * SBIN,TCS} -> {@code X:0:0:SBIN,TCS} (index 0 with no scan number means scan 0), extra words
   * -> more arguments.
   */
  String code() {
    String head = command.substring(1).toUpperCase(Locale.ROOT).replace('_', ':');
    return withArguments(head, args);
  }

  /** {@code /scan X:0 SBIN, TCS}: the code given as arguments of /scan, same rules. */
  static String codeOf(String args) {
    String stripped = args.strip();
    int space = indexOfWhitespace(stripped);
    if (space < 0) {
      return stripped;
    }
    return withArguments(stripped.substring(0, space), stripped.substring(space).strip());
  }

  private static String withArguments(String head, String rest) {
    if (rest.isBlank()) {
      return head;
    }
    String[] parts = head.split(":");
    if (parts.length == 2 && parts[1].equals("0")) {
      head = head + ":0";
    }
    // "SBIN, TCS" and "SBIN TCS" both mean one symbol list; numbers stay separate arguments.
    String joined = rest.replaceAll("\\s*,\\s*", ",");
    StringBuilder code = new StringBuilder(head);
    boolean previousSymbols = false;
    for (String word : joined.split("\\s+")) {
      boolean symbols = !word.matches("[+-]?[0-9.]+|[Dd]");
      code.append(symbols && previousSymbols ? ',' : ':').append(word);
      previousSymbols = symbols;
    }
    return code.toString();
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
