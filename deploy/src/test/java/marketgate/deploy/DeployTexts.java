package marketgate.deploy;

import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Readers for the deployment files that are neither YAML nor XML: env files, the Dockerfile, the pom. */
final class DeployTexts {
  private DeployTexts() {}

  /** NAME=value lines; with {@code commented}, also the documented "# NAME=value" examples. */
  static Map<String, String> envFile(Path file, boolean commented) {
    Map<String, String> env = new LinkedHashMap<>();
    Pattern line = Pattern.compile(commented ? "^#?\\s*([A-Z][A-Z0-9_]*)=(.*)$" : "^([A-Z][A-Z0-9_]*)=(.*)$");
    for (String text : RepoFiles.read(file).split("\n")) {
      Matcher m = line.matcher(text.trim());
      if (m.matches()) {
        env.put(m.group(1), m.group(2));
      }
    }
    return env;
  }

  /** Dockerfile instructions as [keyword, arguments], continuation lines joined, comments dropped. */
  static List<String[]> dockerfile(Path file) {
    List<String[]> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : RepoFiles.read(file).split("\n")) {
      if (line.trim().startsWith("#") || (current.length() == 0 && line.isBlank())) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      String text = current.toString().trim();
      current.setLength(0);
      int space = text.indexOf(' ');
      out.add(new String[] {text.substring(0, space).toUpperCase(Locale.ROOT), text.substring(space + 1).trim()});
    }
    return out;
  }

  static String instruction(List<String[]> instructions, String keyword) {
    return instructions.stream().filter(i -> i[0].equals(keyword)).reduce((a, b) -> b).map(i -> i[1]).orElseThrow();
  }

  static List<String> jsonArray(String text) {
    return new JsonArray(text).stream().map(String::valueOf).toList();
  }

  /** The shade plugin's output file name from deploy/pom.xml. */
  static String shadedJarName() {
    Matcher m = Pattern.compile("<outputFile>\\$\\{project\\.build\\.directory}/([^<]+)</outputFile>")
        .matcher(RepoFiles.read(RepoFiles.root().resolve("deploy/pom.xml")));
    if (!m.find()) {
      throw new IllegalStateException("deploy/pom.xml has no shade outputFile");
    }
    return m.group(1);
  }
}
