package marketgate.deploy;

import java.util.EnumSet;
import java.util.concurrent.Callable;
import marketgate.shared.config.MarketgateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "The HTTP gateway alone, as a member of a Vert.x cluster (Hazelcast).")
final class GatewayCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    MarketgateConfig config = options.loadClustered();
    return NodeRunner.run(VertxFactory.clustered(config, EnumSet.of(Role.GATEWAY)), config, EnumSet.of(Role.GATEWAY));
  }
}
