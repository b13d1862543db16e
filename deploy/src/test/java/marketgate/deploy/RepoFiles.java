package marketgate.deploy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import marketgate.shared.config.ConfigLoader;
import marketgate.shared.config.Secrets;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository's deployment files and what the code says they must agree with. */
final class RepoFiles {
  private static final java.util.regex.Pattern OPENAPI_PATH = java.util.regex.Pattern.compile("^  (/\\S*):\\s*$");

  private RepoFiles() {}

  /** The repository root (the tests run in deploy/, the root is the folder with mvnw). */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A YAML file as maps with string keys (anchors and merge keys resolved; {@code on:} stays "on" or "true"). */
  static Map<String, Object> yaml(Path file) {
    return yaml(read(file), file.toString());
  }

  static Map<String, Object> yaml(String text, String what) {
    try {
      return asMap(yaml().load(text));
    } catch (RuntimeException e) {
      throw new AssertionError(what + " is not valid YAML: " + e.getMessage(), e);
    }
  }

  /** Every document of a multi-document YAML file. */
  static List<Map<String, Object>> yamlDocuments(Path file) {
    List<Map<String, Object>> out = new ArrayList<>();
    try {
      for (Object doc : yaml().loadAll(read(file))) {
        if (doc != null) {
          out.add(asMap(doc));
        }
      }
    } catch (RuntimeException e) {
      throw new AssertionError(file + " is not valid YAML: " + e.getMessage(), e);
    }
    return out;
  }

  private static Yaml yaml() {
    return new Yaml(new SafeConstructor(new LoaderOptions()));
  }

  /** Keys as strings all the way down (YAML 1.1 reads a bare {@code on} key as true). */
  private static Object stringKeys(Object node) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), stringKeys(v)));
      return out;
    }
    if (node instanceof List<?> l) {
      return l.stream().map(RepoFiles::stringKeys).toList();
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object node) {
    Object keyed = stringKeys(node);
    if (!(keyed instanceof Map)) {
      throw new AssertionError("a YAML mapping was expected, found " + node);
    }
    return (Map<String, Object>) keyed;
  }

  static List<Path> list(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Walks a parsed YAML tree, calling back with the key path and each scalar. */
  @SuppressWarnings("unchecked")
  static void walk(Object node, List<String> path, BiConsumer<List<String>, Object> scalar) {
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        List<String> next = new ArrayList<>(path);
        next.add(String.valueOf(k));
        walk(v, next, scalar);
      });
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        List<String> next = new ArrayList<>(path);
        next.add("[" + i + "]");
        walk(list.get(i), next, scalar);
      }
    } else {
      scalar.accept(path, node);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node, String... keys) {
    Object at = node;
    for (String key : keys) {
      at = at instanceof Map<?, ?> m ? m.get(key) : null;
    }
    return at instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object node, String... keys) {
    Object at = node;
    for (String key : keys) {
      at = at instanceof Map<?, ?> m ? m.get(key) : null;
    }
    return at instanceof List<?> l ? (List<Object>) l : List.of();
  }

  /** Every leaf key path of the built-in defaults ({@code publish.git.remote}). */
  static Set<String> configKeys() {
    Set<String> keys = new TreeSet<>();
    leaves(ConfigLoader.defaults(), "", keys);
    return keys;
  }

  static Set<String> leaves(JsonObject node, String prefix, Set<String> out) {
    for (String name : node.fieldNames()) {
      String key = prefix.isEmpty() ? name : prefix + "." + name;
      if (node.getValue(name) instanceof JsonObject child) {
        leaves(child, key, out);
      } else {
        out.add(key);
      }
    }
    return out;
  }

  /** {@code MARKETGATE_*} names the config loader reads, one per leaf key. */
  static Set<String> configEnvNames() {
    Set<String> names = new TreeSet<>();
    configKeys().forEach(k -> names.add(ConfigLoader.envName(k)));
    return names;
  }

  /** The secret names {@link Secrets} reads (its public String constants). */
  static Set<String> secretNames() {
    Set<String> names = new TreeSet<>();
    for (Field field : Secrets.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        try {
          names.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return names;
  }

  /**
   * The gateway's documented routes: the keys under {@code paths:} in openapi.yaml, which the gateway's
   * own test keeps true to the router. Read by line: the document is not strict YAML everywhere.
   */
  static Set<String> gatewayPaths() {
    try (var in = RepoFiles.class.getResourceAsStream(marketgate.gateway.ops.OpenApiDocument.RESOURCE)) {
      Set<String> paths = new TreeSet<>();
      boolean inPaths = false;
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith(" ") && !line.isBlank()) {
          inPaths = line.startsWith("paths:");
          continue;
        }
        java.util.regex.Matcher m = OPENAPI_PATH.matcher(line);
        if (inPaths && m.matches()) {
          paths.add(m.group(1));
        }
      }
      return paths;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int defaultHttpPort() {
    return ConfigLoader.defaults().getJsonObject("http").getInteger("port");
  }
}
