package marketgate.deploy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import marketgate.shared.config.MarketgateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Everything in one JVM: gateway, workers, local data directory, simulated market (no accounts needed).")
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    MarketgateConfig config = options.load();
    return NodeRunner.run(Future.succeededFuture(VertxFactory.embedded(config)), config, EnumSet.allOf(Role.class));
  }
}
