package marketgate.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import marketgate.workers.history.ImportCsvJob;
import marketgate.workers.history.SqliteDailyHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import-csv", mixinStandardHelpOptions = true,
    description = "Import daily OHLCV CSV files (header ',date,open,high,low,close,volume'); bad rows are reported with file and line.")
final class ImportCsvCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Mixin GatewayOption remote;

  @Option(names = "--symbol", paramLabel = "SYMBOL", description = "symbol of every file (default: the file name before '_' or '.')")
  String symbol;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "CSV files")
  List<Path> files;

  @Override
  public Integer call() throws Exception {
    if (remote.remote()) {
      JsonObject args = new JsonObject().put("files", new JsonArray(files.stream().map(Path::toString).toList()));
      return remote.submit("import-csv", symbol == null ? args : args.put("symbol", symbol), RemoteJob.CAPTURED);
    }
    var config = options.load();
    try (SqliteDailyHistory history = SqliteDailyHistory.open(SqliteDailyHistory.file(config))) {
      return new ImportCsvJob(history, symbol, System.out, System.err).run(files);
    }
  }
}
