package marketgate.deploy;

import marketgate.shared.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar marketgate.jar <command>}: one jar for every shape of the system. */
@Command(
    name = "marketgate",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Market-data gateway for screener bots: live candles, snapshots, scans and BlueDot pages.",
    subcommands = {RunCommand.class, GatewayCommand.class, WorkerCommand.class, JobCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  public static final int EXIT_CONFIG = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Route Vert.x and Netty logging through SLF4J/Logback before anything logs.
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
        commandLine.getErr().println("marketgate: " + e.getMessage());
        return EXIT_CONFIG;
      }
      throw e;
    });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
