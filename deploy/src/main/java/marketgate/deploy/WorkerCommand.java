package marketgate.deploy;

import java.util.Set;
import java.util.concurrent.Callable;
import marketgate.shared.config.MarketgateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Worker verticles as a member of a Vert.x cluster (Hazelcast).")
final class WorkerCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--roles", paramLabel = "ROLES", defaultValue = "ticks,history,publish,scans,bluedot,bot,monitor",
      description = "comma-separated roles (default: ${DEFAULT-VALUE}); publish must run with ticks")
  String roles;

  @Override
  public Integer call() throws Exception {
    Set<Role> parsed = Role.parse(roles);
    if (parsed.contains(Role.PUBLISH) && !parsed.contains(Role.TICKS)) {
      throw new IllegalArgumentException("role 'publish' reads the candle store and must run with role 'ticks'");
    }
    MarketgateConfig config = options.loadClustered();
    return NodeRunner.run(VertxFactory.clustered(config, parsed), config, parsed);
  }
}
