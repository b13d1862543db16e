package marketgate.deploy;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import marketgate.shared.config.Secrets;
import picocli.CommandLine.Option;

/**
 * {@code --gateway URL}: every {@code job} sub-command can run on a running system through its jobs
 * API instead of in this JVM, with the same arguments and the same output. The token comes from
 * {@code MARKETGATE_API_TOKEN}, never an option, so it never shows in a process list or a workflow log.
 */
public final class GatewayOption {
  @Option(names = "--gateway", paramLabel = "URL",
      description = "run the job on a running marketgate through its jobs API (e.g. https://host:8080) and follow it;"
          + " the token comes from MARKETGATE_API_TOKEN; paths are paths on the node that runs the job")
  URI gateway;

  @Option(names = "--idempotency-key", paramLabel = "KEY",
      description = "with --gateway: a retried submit with the same key follows the first job instead of starting"
          + " another (e.g. the workflow run id)")
  String idempotencyKey;

  /** True when the job should run remotely. */
  boolean remote() {
    return gateway != null;
  }

  /** Submits the job, follows it and prints its result; answers the exit code. */
  int submit(String job, JsonObject args, RemoteJob.ResultPrinter printer) {
    var token = Secrets.from(System.getenv()).get(Secrets.API_TOKEN);
    if (token.isEmpty()) {
      System.err.println("marketgate: --gateway needs the jobs API token in the environment variable " + Secrets.API_TOKEN);
      return RemoteJob.BAD_ARGUMENTS;
    }
    return new RemoteJob(gateway, token.get(), idempotencyKey, System.out, System.err).run(job, args, printer);
  }
}
