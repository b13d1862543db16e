package marketgate.workers.jobs;

import io.vertx.core.json.JsonObject;

/** One kind of job a node can run: checks the arguments and builds the verticle that runs it. */
public interface JobType {
  /** The name in {@code POST /api/v1/jobs} (see {@code JobCatalog}). */
  String name();

  /** The verticle for these arguments; throws {@link JobArgumentException} naming a bad one. */
  JobVerticle create(JsonObject args);
}
