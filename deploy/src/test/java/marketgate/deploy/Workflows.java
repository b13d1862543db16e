package marketgate.deploy;

import static marketgate.deploy.RepoFiles.map;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The GitHub workflows and the shared action, read as YAML. */
final class Workflows {
  static final Path ROOT = RepoFiles.root();
  static final Path WORKFLOWS = ROOT.resolve(".github/workflows");
  static final Path ACTION = ROOT.resolve(".github/actions/marketgate-jar/action.yml");

  private Workflows() {}

  /** A workflow step's shell or github-script text and where it is. */
  record WorkflowStep(String file, Map<String, Object> step, String script) {}

  /** Every step of every workflow and of the shared action. */
  static List<WorkflowStep> workflowSteps() {
    List<WorkflowStep> out = new ArrayList<>();
    for (Path file : workflowFiles()) {
      map(RepoFiles.yaml(file), "jobs").values().forEach(job -> steps(map(job)).forEach(step ->
          out.add(new WorkflowStep(file.getFileName().toString(), step,
              String.valueOf(step.getOrDefault("run", ""))))));
    }
    Path action = ACTION;
    steps(map(RepoFiles.yaml(action), "runs")).forEach(step ->
        out.add(new WorkflowStep("actions/marketgate-jar", step, String.valueOf(step.getOrDefault("run", "")))));
    return out;
  }

  /** What a step's env variables could be read by: its script, its github-script, its condition. */
  static String stepText(Map<String, Object> step) {
    return step.getOrDefault("run", "") + "\n" + step.getOrDefault("if", "") + "\n"
        + map(step, "with").getOrDefault("script", "");
  }

  static List<Path> workflowFiles() {
    List<Path> files = new ArrayList<>(RepoFiles.list(WORKFLOWS, ".yml"));
    files.addAll(RepoFiles.list(WORKFLOWS, ".yaml"));
    return files;
  }

  static Map<String, Object> workflow(String name) {
    Path file = WORKFLOWS.resolve(name);
    if (!Files.exists(file)) {
      throw new AssertionError(name + " does not exist");
    }
    return RepoFiles.yaml(file);
  }

  /** The "on" map (YAML 1.1 readers may turn the key into true). */
  static Map<String, Object> triggers(Map<String, Object> workflow) {
    Object on = workflow.containsKey("on") ? workflow.get("on") : workflow.get("true");
    return map(on);
  }

  static List<String> crons(Map<String, Object> workflow) {
    return RepoFiles.list(triggers(workflow), "schedule").stream()
        .map(s -> String.valueOf(map(s).get("cron"))).toList();
  }

  static List<Map<String, Object>> steps(Map<String, Object> job) {
    return RepoFiles.list(job, "steps").stream().map(step -> map(step)).toList();
  }
}
