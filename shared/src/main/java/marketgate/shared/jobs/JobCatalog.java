package marketgate.shared.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The jobs the jobs API knows and the worker role whose nodes run each. The gateway checks names
 * against it (it cannot see the worker code); the job hosts on worker nodes validate the arguments.
 */
public final class JobCatalog {
  private static final Map<String, String> ROLES = new LinkedHashMap<>();

  static {
    ROLES.put("publish-snapshot", "publish");
    ROLES.put("scan", "scans");
    ROLES.put("bluedot", "bluedot");
    ROLES.put("import-ticks", "history");
    ROLES.put("import-csv", "history");
    ROLES.put("monitor", "monitor");
  }

  private JobCatalog() {}

  public static Set<String> names() {
    return ROLES.keySet();
  }

  public static boolean known(String job) {
    return ROLES.containsKey(job);
  }

  /** The role (as {@code worker --roles} spells it) a node needs to run the job. */
  public static String role(String job) {
    return ROLES.get(job);
  }
}
