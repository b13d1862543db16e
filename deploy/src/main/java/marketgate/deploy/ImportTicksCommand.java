package marketgate.deploy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import marketgate.workers.history.ImportTicksJob;
import marketgate.workers.history.SqliteDailyHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "import-ticks", mixinStandardHelpOptions = true,
    description = "Import a ticks.json day snapshot into the daily history (the fallback when live data is missing).")
final class ImportTicksCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Mixin GatewayOption remote;

  @Parameters(paramLabel = "FILE", description = "a ticks.json file")
  Path file;

  @Override
  public Integer call() throws Exception {
    if (remote.remote()) {
      return remote.submit("import-ticks", new JsonObject().put("file", file.toString()), RemoteJob.CAPTURED);
    }
    var config = options.load();
    try (SqliteDailyHistory history = SqliteDailyHistory.open(SqliteDailyHistory.file(config))) {
      return new ImportTicksJob(history, System.out, System.err).run(file);
    }
  }
}
