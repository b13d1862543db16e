package marketgate.deploy;

import java.net.URI;
import picocli.CommandLine.Option;

/**
 * {@code --gateway URL}: every {@code job} sub-command can run on a running system through its jobs
 * API instead of in this JVM. The token comes from {@code MARKETGATE_API_TOKEN}, never an option,
 * so it never shows in a process list or a workflow log.
 */
public final class GatewayOption {
  @Option(names = "--gateway", paramLabel = "URL",
      description = "submit the job to a running marketgate gateway (e.g. https://host:8080) and follow it;"
          + " the token comes from MARKETGATE_API_TOKEN")
  URI gateway;

  /** True when the job should run remotely. */
  boolean remote() {
    return gateway != null;
  }
}
