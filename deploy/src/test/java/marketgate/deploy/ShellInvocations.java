package marketgate.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the marketgate invocations in a shell script ({@code java -jar .../marketgate.jar ...} or
 * {@code marketgate ...}) and splits each into the jar path and its arguments as the shell would:
 * quotes removed, {@code $VAR} / {@code ${VAR}} replaced by sample values, stopping at a redirection,
 * pipe or command separator.
 */
final class ShellInvocations {
  /** {@code $NAME}, {@code ${NAME}} or {@code ${NAME:-default}}. */
  private static final Pattern VARIABLE =
      Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

  /** One invocation: the script line, the jar path as written (null for a bare {@code marketgate}), the arguments. */
  record Invocation(String line, String jar, List<String> args) {}

  private ShellInvocations() {}

  /**
   * @param samples values to substitute per variable name; a variable without one is an error, so
   *     every variable a workflow passes to marketgate has a deliberate sample value
   */
  static List<Invocation> find(String script, Map<String, String> samples) {
    List<Invocation> found = new ArrayList<>();
    for (String line : script.replace("\\\n", " ").split("\n")) {
      if (!line.contains("marketgate.jar") && !line.trim().startsWith("marketgate ")) {
        continue;
      }
      List<String> words = words(line, samples);
      for (int i = 0; i < words.size(); i++) {
        String word = words.get(i);
        if (word.endsWith("marketgate.jar") && i >= 2 && words.get(i - 1).equals("-jar")) {
          found.add(new Invocation(line.trim(), word, words.subList(i + 1, words.size())));
          break;
        }
        if (word.equals("marketgate") && i == 0) {
          found.add(new Invocation(line.trim(), null, words.subList(1, words.size())));
          break;
        }
      }
    }
    return found;
  }

  /** Shell words up to the first unquoted operator (redirection, pipe, separator, comment). */
  static List<String> words(String line, Map<String, String> samples) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        i++;
        continue;
      }
      if (word == null && (c == '#' || ";|&<>".indexOf(c) >= 0 || (Character.isDigit(c) && i + 1 < line.length()
          && line.charAt(i + 1) == '>'))) {
        break;
      }
      if (word != null && ";|&<>".indexOf(c) >= 0) {
        break;
      }
      if (word == null) {
        word = new StringBuilder();
      }
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        word.append(line, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        int end = line.indexOf('"', i + 1);
        word.append(expand(line.substring(i + 1, end), samples));
        i = end + 1;
      } else if (c == '$') {
        Matcher m = VARIABLE.matcher(line).region(i, line.length());
        if (!m.lookingAt()) {
          throw new IllegalArgumentException("cannot read the shell expansion at '" + line.substring(i) + "'");
        }
        word.append(expand(m.group(), samples));
        i = m.end();
      } else {
        word.append(c);
        i++;
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  private static String expand(String text, Map<String, String> samples) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(3);
      // ${NAME:-default}: the default stands in when the test has no sample for NAME.
      String value = samples.getOrDefault(name, m.group(2));
      if (value == null) {
        throw new IllegalArgumentException("$" + name + " has no sample value in the test (add one the CLI accepts)");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    if (out.indexOf("$") >= 0) {
      throw new IllegalArgumentException("cannot read the shell expansion in '" + text + "'");
    }
    return out.toString();
  }
}
