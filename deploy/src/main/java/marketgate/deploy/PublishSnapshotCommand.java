package marketgate.deploy;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import marketgate.workers.publish.PublishSnapshotJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "publish-snapshot", mixinStandardHelpOptions = true,
    description = "Publish one snapshot of the data directory's candle store (or a simulated session when empty).")
final class PublishSnapshotCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Mixin GatewayOption remote;

  @Option(names = "--target", paramLabel = "TARGET", description = "local, git or github (default: publish.targets)")
  String target;

  @Option(names = "--git-remote", paramLabel = "URL", description = "git remote (default: publish.git.remote)")
  String gitRemote;

  @Override
  public Integer call() {
    if (target != null && !marketgate.shared.config.PublishConfig.TARGETS.contains(target)) {
      throw new IllegalArgumentException("--target must be one of " + marketgate.shared.config.PublishConfig.TARGETS);
    }
    if (remote.remote()) {
      // The running publisher publishes its live candle store to its own publish.targets.
      JsonObject args = new JsonObject();
      if (target != null) {
        args.put("target", target);
      }
      if (gitRemote != null) {
        args.put("gitRemote", gitRemote);
      }
      return remote.submit("publish-snapshot", args, RemoteJob.CAPTURED);
    }
    return new PublishSnapshotJob(options.load(), target, gitRemote, System.out, System.err).run();
  }
}
