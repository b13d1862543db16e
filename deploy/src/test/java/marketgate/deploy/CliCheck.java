package marketgate.deploy;

import java.util.List;
import picocli.CommandLine;

/** Arguments checked by marketgate's real command line, without running anything. */
final class CliCheck {
  private CliCheck() {}

  /** Null when the real command line accepts the arguments and they name a command that does something. */
  static String problem(List<String> args) {
    try {
      CommandLine.ParseResult result = Main.commandLine().parseArgs(args.toArray(String[]::new));
      CommandLine.ParseResult leaf = result;
      while (leaf.hasSubcommand()) {
        leaf = leaf.subcommand();
      }
      Object command = leaf.commandSpec().userObject();
      if (command instanceof Main || command instanceof JobCommand || command instanceof CommandLine.HelpCommand) {
        return "'" + String.join(" ", args) + "' names no command that runs";
      }
      if (leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested()) {
        return "'" + String.join(" ", args) + "' only prints help";
      }
      return null;
    } catch (CommandLine.ParameterException e) {
      return e.getMessage();
    }
  }

  static String option(List<String> args, String name) {
    int at = args.indexOf(name);
    return at < 0 || at + 1 >= args.size() ? null : args.get(at + 1);
  }
}
