package marketgate.deploy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** One unit of work, then exit with a status code: how workflows and cron trigger marketgate. */
@Command(name = "job", mixinStandardHelpOptions = true,
    description = "Run one job and exit (for GitHub workflows and cron).",
    subcommands = {PublishSnapshotCommand.class, ScanCommand.class, BlueDotCommand.class, ImportTicksCommand.class,
        ImportCsvCommand.class, MonitorCommand.class, CommandLine.HelpCommand.class})
final class JobCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
