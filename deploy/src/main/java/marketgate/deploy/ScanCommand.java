package marketgate.deploy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import marketgate.workers.scans.ScanJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "scan", mixinStandardHelpOptions = true,
    description = "Run one PKScreener-style scan over the daily history; a table on stdout or CSV to a file.")
final class ScanCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Mixin GatewayOption remote;

  @Option(names = "--code", required = true, paramLabel = "CODE", description = "scan code, e.g. X:12:7:4 or X_12_9_2.5")
  String code;

  @Option(names = "--out", paramLabel = "FILE", description = "write CSV here instead of a table on stdout")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (remote.remote()) {
      return remote.submit("scan", new JsonObject().put("code", code), (result, stdout, stderr) -> out == null
          ? print(result.getJsonObject("scan"), stdout) : ScanJob.writeCsv(result.getJsonObject("scan"), out, stdout));
    }
    var config = options.load();
    // The history role seeds a fresh database from the simulator, so a scan works on a new machine.
    return JobNode.run(config, EnumSet.of(Role.HISTORY),
        node -> new ScanJob(node.vertx(), config, node.history()).run(code, out, System.out, System.err));
  }

  private static int print(JsonObject reply, java.io.PrintStream stdout) {
    ScanJob.print(reply, stdout);
    return ScanJob.OK;
  }
}
