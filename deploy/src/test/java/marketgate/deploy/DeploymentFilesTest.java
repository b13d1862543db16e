package marketgate.deploy;

import static marketgate.deploy.RepoFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import marketgate.shared.config.ConfigLoader;
import marketgate.shared.config.MarketgateConfig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Docker and Kubernetes cannot run where marketgate is built, and GitHub runs the workflows only
 * after a push. So this test reads every workflow, the Dockerfile, compose.yaml, the Kubernetes
 * manifests, the Hazelcast configurations and the sample config, and checks them against the code:
 * the real CLI, the config keys and secret names, the gateway's routes, the build's jar path.
 */
class DeploymentFilesTest {
  private static final Path ROOT = RepoFiles.root();
  private static final Path DEPLOY = ROOT.resolve("deploy");
  private static final Path WORKFLOWS = Workflows.WORKFLOWS;
  /** Where the shade plugin writes the runnable jar, relative to the repository root. */
  private static final String JAR = "deploy/target/" + DeployTexts.shadedJarName();
  /** Variables the JVM or Hazelcast read, not marketgate's config; any other name must be a key or a secret. */
  private static final Set<String> RUNTIME_ENV = Set.of("JAVA_TOOL_OPTIONS");
  /** Sample values for the shell variables workflows pass to marketgate (the CLI must accept them). */
  private static final Map<String, String> SAMPLES = Map.of(
      "MARKETGATE_URL", "https://marketgate.example.com",
      "TARGET_INPUT", "github",
      "TIMEFRAME", "daily",
      "DATE", "2026-11-20",
      "CODE", "X:12:9:2.5",
      "CHAT_ID", "123456789");

  // ---------------------------------------------------------------- workflows

  /** Workflows that run a marketgate job, either on the running system or on the runner. */
  private static final List<String> JOB_WORKFLOWS = List.of("data-publisher.yml", "bluedot-batch.yml", "scan.yml",
      "monitor.yml");

  @Test
  void workflowsHaveTheTriggersTheSchedulesNeed() {
    Map<String, Object> publisher = Workflows.workflow("data-publisher.yml");
    assertEquals(List.of("*/5 3-10 * * 1-5", "30 */2 * * *"), Workflows.crons(publisher));
    assertTrue(Workflows.triggers(publisher).containsKey("workflow_dispatch"));

    for (String timeframe : List.of("daily", "weekly")) {
      Map<String, Object> bluedot = Workflows.workflow("bluedot-" + timeframe + ".yml");
      assertFalse(Workflows.crons(bluedot).isEmpty(), timeframe + " has a schedule");
      assertTrue(Workflows.triggers(bluedot).containsKey("workflow_dispatch"));
      assertEquals(List.of(timeframe + "-data-ready"),
          RepoFiles.list(Workflows.triggers(bluedot), "repository_dispatch", "types"));
      Map<String, Object> call = map(bluedot, "jobs", timeframe);
      assertEquals("./.github/workflows/bluedot-batch.yml", call.get("uses"));
      assertEquals(timeframe, map(call, "with").get("timeframe"));
    }
    assertTrue(Workflows.triggers(Workflows.workflow("bluedot-batch.yml")).containsKey("workflow_call"));

    Map<String, Object> scanInputs =
        map(Workflows.triggers(Workflows.workflow("scan.yml")), "workflow_dispatch", "inputs");
    assertEquals(Set.of("code", "chat_id"), scanInputs.keySet());

    Map<String, Object> monitor = Workflows.workflow("monitor.yml");
    assertFalse(Workflows.crons(monitor).isEmpty());
    assertEquals("write", map(monitor, "permissions").get("issues"), "monitor.yml may open and comment on issues");

    Map<String, Object> ci = Workflows.workflow("ci.yml");
    assertEquals(List.of("17", "25"), RepoFiles.list(map(ci, "jobs", "verify"), "strategy", "matrix", "java"));
    assertTrue(Workflows.steps(map(ci, "jobs", "verify")).stream().anyMatch(s -> ".ci/run".equals(s.get("run"))),
        "ci.yml runs the project's test entry point");
    assertFalse(Files.exists(WORKFLOWS.resolve("publish-snapshot.yml"))
            || Files.exists(WORKFLOWS.resolve("bluedot.yml")),
        "data-publisher.yml and bluedot-daily/weekly.yml replace the old workflows");
  }

  @Test
  void everyWorkflowDeclaresPermissionsAndEveryBatchAConcurrencyGroup() {
    List<String> problems = new ArrayList<>();
    for (Path file : Workflows.workflowFiles()) {
      Map<String, Object> wf = RepoFiles.yaml(file);
      String name = file.getFileName().toString();
      if (!wf.containsKey("permissions")) {
        problems.add(name + ": no top-level permissions (the token's default is broader than any job needs)");
      }
      Map<String, Object> on = Workflows.triggers(wf);
      boolean scheduledOrDispatched = on.containsKey("schedule") || on.containsKey("workflow_dispatch");
      if (scheduledOrDispatched && !wf.containsKey("concurrency")) {
        problems.add(name + ": no concurrency group, two runs of the same batch could overlap");
      }
      map(wf, "jobs").forEach((job, body) -> {
        Map<String, Object> j = map(body);
        if (!j.containsKey("runs-on") && !j.containsKey("uses")) {
          problems.add(name + " job " + job + ": neither runs-on nor uses");
        }
        if (j.get("uses") instanceof String uses && uses.startsWith("./") && !Files.exists(ROOT.resolve(uses))) {
          problems.add(name + " job " + job + ": " + uses + " does not exist");
        }
        for (Map<String, Object> step : Workflows.steps(j)) {
          if (step.get("uses") instanceof String uses && uses.startsWith("./")
              && !Files.exists(ROOT.resolve(uses).resolve("action.yml"))) {
            problems.add(name + " job " + job + ": local action " + uses + " has no action.yml");
          }
        }
      });
    }
    assertEquals(List.of(), problems);
  }

  @TestFactory
  Stream<DynamicTest> everyCronLineIsAValidFiveFieldCron() {
    return Workflows.workflowFiles().stream().flatMap(file -> Workflows.crons(RepoFiles.yaml(file)).stream()
        .map(cron -> DynamicTest.dynamicTest(file.getFileName() + ": " + cron,
            () -> assertEquals(List.of(), CronLine.problems(cron)))));
  }

  @Test
  void theCronCheckRejectsWhatGithubWouldNot() {
    for (String bad : List.of("60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 7", "*/0 * * * *",
        "5-3 * * * *", "5/10 * * * *", "* * * *", "* * * * * *", "a * * * *", "1,,2 * * * *", "*/5 3-10 * * 1-5-6")) {
      assertFalse(CronLine.problems(bad).isEmpty(), bad + " is rejected");
    }
    for (String good : List.of("*/5 3-10 * * 1-5", "30 */2 * * *", "0 6 * * SAT", "0 0 1 JAN,JUL *",
        "0-30/10 * * * *")) {
      assertEquals(List.of(), CronLine.problems(good), good);
    }
  }

  /** Each marketgate invocation in a workflow or the shared action, parsed by the real command line. */
  @TestFactory
  Stream<DynamicTest> everyMarketgateInvocationInTheWorkflowsParsesWithTheRealCli() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Workflows.WorkflowStep step : Workflows.workflowSteps()) {
      for (ShellInvocations.Invocation call : ShellInvocations.find(step.script(), SAMPLES)) {
        tests.add(DynamicTest.dynamicTest(step.file() + ": " + call.line(), () -> {
          if (call.jar() != null) {
            assertEquals(JAR, call.jar(), "the jar the build writes");
          }
          assertEquals(null, CliCheck.problem(call.args()), step.file() + ": " + call.line());
        }));
      }
    }
    assertTrue(tests.size() >= 8, "found the workflows' invocations: " + tests.size());
    return tests.stream();
  }

  @Test
  void theInvocationReaderSplitsWordsAsTheShellDoes() {
    String script = "set +e\nif [ -n \"$CHAT_ID\" ]; then\n"
        + "  java -jar deploy/target/marketgate.jar job scan --code \"$CODE\" \\\n"
        + "    --out 'my results.csv' > out.txt 2>&1\n"
        + "fi\nmarketgate job bluedot --date ${DATE}|tee log\n"
        + "marketgate job publish-snapshot --target \"${NOT_SET:-git}\"\n";
    List<ShellInvocations.Invocation> found = ShellInvocations.find(script, SAMPLES);
    assertEquals(3, found.size());
    assertEquals(JAR, found.get(0).jar());
    assertEquals(List.of("job", "scan", "--code", "X:12:9:2.5", "--out", "my results.csv"), found.get(0).args());
    assertEquals(List.of("job", "bluedot", "--date", "2026-11-20"), found.get(1).args());
    assertEquals(List.of("job", "publish-snapshot", "--target", "git"), found.get(2).args());
    assertTrue(CliCheck.problem(List.of("job", "scan", "--cod", "X")) != null, "a misspelt option is caught");
    assertTrue(CliCheck.problem(List.of("job")) != null, "a command group alone runs nothing");
  }

  @Test
  void jobWorkflowsCallTheRunningSystemWhenMarketgateUrlIsSetAndTheRunnerOtherwise() {
    List<String> problems = new ArrayList<>();
    for (String file : JOB_WORKFLOWS) {
      Map<String, Object> wf = Workflows.workflow(file);
      boolean remote = false;
      boolean local = false;
      for (Map.Entry<String, Object> job : map(wf, "jobs").entrySet()) {
        Map<String, Object> j = map(job.getValue());
        if (!"${{ secrets.MARKETGATE_URL }}".equals(map(j, "env").get("MARKETGATE_URL"))) {
          problems.add(file + ": job " + job.getKey() + " does not take MARKETGATE_URL from its secret");
        }
        for (Map<String, Object> step : Workflows.steps(j)) {
          String script = String.valueOf(step.getOrDefault("run", ""));
          String condition = String.valueOf(step.getOrDefault("if", ""));
          for (ShellInvocations.Invocation call : ShellInvocations.find(script, SAMPLES)) {
            if (call.args().contains("--gateway")) {
              remote = true;
              if (!condition.equals("env.MARKETGATE_URL != ''")) {
                problems.add(file + ": '" + call.line() + "' runs without MARKETGATE_URL set");
              }
              if (!"${{ secrets.MARKETGATE_API_TOKEN }}".equals(map(step, "env").get("MARKETGATE_API_TOKEN"))) {
                problems.add(file + ": '" + call.line() + "' has no MARKETGATE_API_TOKEN from secrets");
              }
            } else {
              local = true;
              if (!condition.equals("env.MARKETGATE_URL == ''")) {
                problems.add(file + ": '" + call.line() + "' runs on the runner even when MARKETGATE_URL is set");
              }
            }
          }
        }
      }
      if (!remote) {
        problems.add(file + ": never calls the running system (job ... --gateway)");
      }
      if (!local && !file.equals("monitor.yml")) {
        problems.add(file + ": has no fallback on the runner");
      }
    }
    assertEquals(List.of(), problems);
  }

  /** Secrets and user input never become script text (script injection); secrets come only from secrets.*. */
  @Test
  void secretsAndInputsReachScriptsOnlyThroughEnvironmentVariables() {
    List<String> problems = new ArrayList<>();
    List<Path> files = new ArrayList<>(Workflows.workflowFiles());
    files.add(Workflows.ACTION);
    for (Path file : files) {
      RepoFiles.walk(RepoFiles.yaml(file), List.of(), (path, value) -> {
        if (!(value instanceof String text)) {
          return;
        }
        String key = path.get(path.size() - 1);
        String parent = path.size() > 1 ? path.get(path.size() - 2) : "";
        if ((key.equals("run") || key.equals("script")) && text.contains("${{")) {
          problems.add(file.getFileName() + " " + String.join(".", path) + ": an expression inside a script");
        }
        if (text.contains("secrets.") && !parent.equals("env")) {
          problems.add(file.getFileName() + " " + String.join(".", path) + ": a secret outside env:");
        }
      });
      for (String line : RepoFiles.read(file).split("\n")) {
        if (line.matches(".*[A-Z_]+:\\s*['\"]?[A-Za-z0-9_\\-]{20,}['\"]?\\s*$") && !line.contains("${{")) {
          problems.add(file.getFileName() + ": '" + line.trim() + "' looks like a literal secret");
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  /** An env name in a workflow is a config key, a secret, or a variable that step's own script reads. */
  @Test
  void workflowEnvironmentNamesAreConfigKeysSecretsOrScriptVariables() {
    List<String> problems = new ArrayList<>();
    for (Path file : Workflows.workflowFiles()) {
      map(RepoFiles.yaml(file), "jobs").forEach((job, body) -> {
        Map<String, Object> j = map(body);
        StringBuilder jobText = new StringBuilder();
        Workflows.steps(j).forEach(s -> jobText.append(Workflows.stepText(s)).append('\n'));
        for (String name : map(j, "env").keySet()) {
          checkWorkflowEnv(file + " job " + job, name, jobText.toString(), problems);
        }
        for (Map<String, Object> step : Workflows.steps(j)) {
          for (String name : map(step, "env").keySet()) {
            String where = file.getFileName() + " step '" + step.get("name") + "'";
            checkWorkflowEnv(where, name, Workflows.stepText(step), problems);
          }
        }
      });
    }
    assertEquals(List.of(), problems);
  }

  private static void checkWorkflowEnv(String where, String name, String text, List<String> problems) {
    if (RepoFiles.configEnvNames().contains(name) || RepoFiles.secretNames().contains(name)) {
      return;
    }
    if (!Pattern.compile("(\\$\\{?|env\\.)" + name + "\\b").matcher(text).find()) {
      problems.add(where + ": " + name + " is no config key, no secret and not read by the step");
    }
  }

  // ---------------------------------------------------------------- Dockerfile

  @Test
  void dockerfileBuildsWithTheWrapperAndRunsTheBuildsJarAsANonRootUser() {
    List<String[]> instructions = DeployTexts.dockerfile(DEPLOY.resolve("Dockerfile"));
    List<String[]> froms = instructions.stream().filter(i -> i[0].equals("FROM")).toList();
    assertEquals(2, froms.size(), "a build stage and a runtime stage");
    assertTrue(froms.get(0)[1].matches("eclipse-temurin:17-jdk\\S* AS build"), froms.get(0)[1]);
    assertEquals("eclipse-temurin:17-jre", froms.get(1)[1]);

    String buildWorkdir = null;
    String jarInImage = null;
    String user = null;
    boolean built = false;
    Map<String, String> copies = new HashMap<>();
    for (String[] instruction : instructions) {
      String args = instruction[1];
      switch (instruction[0]) {
        case "WORKDIR" -> buildWorkdir = buildWorkdir == null ? args : buildWorkdir;
        case "RUN" -> built |= args.contains("./mvnw") && args.contains("-DskipTests") && args.contains("package");
        case "USER" -> user = args;
        case "COPY" -> {
          String[] parts = args.split("\\s+");
          if (parts[0].equals("--from=build")) {
            assertEquals(buildWorkdir + "/" + JAR, parts[1], "the jar the build stage writes");
            jarInImage = parts[2];
          } else if (parts.length == 2) {
            copies.put(parts[0], parts[1]);
          }
        }
        default -> { }
      }
    }
    assertTrue(built, "the build stage runs ./mvnw -DskipTests package");
    assertTrue(user != null && !user.equals("root") && !user.startsWith("0"), "runs as a non-root user: " + user);

    List<String> command = new ArrayList<>(DeployTexts.jsonArray(DeployTexts.instruction(instructions, "ENTRYPOINT")));
    assertEquals(List.of("java", "-jar", jarInImage), command);
    List<String> cmd = DeployTexts.jsonArray(DeployTexts.instruction(instructions, "CMD"));
    assertEquals(null, CliCheck.problem(cmd));
    assertEquals(copies.get("deploy/marketgate.sample.json"), CliCheck.option(cmd, "--config"),
        "CMD reads the sample the image holds");
    assertEquals(copies.get("deploy/cluster.xml"), sampleConfig().getJsonObject("cluster").getString("configFile"),
        "the sample's cluster.configFile is where the image puts cluster.xml");

    Set<String> exposed = Set.of(DeployTexts.instruction(instructions, "EXPOSE").split("\\s+"));
    assertEquals(Set.of(String.valueOf(RepoFiles.defaultHttpPort()), String.valueOf(hazelcastPort("cluster.xml"))),
        exposed);

    Matcher health = Pattern.compile("http://127\\.0\\.0\\.1:\\$\\{(\\w+):-(\\d+)}(/\\S+?)\"")
        .matcher(DeployTexts.instruction(instructions, "HEALTHCHECK"));
    assertTrue(health.find(), "HEALTHCHECK calls the gateway over HTTP");
    assertEquals(ConfigLoader.envName("http.port"), health.group(1));
    assertEquals(String.valueOf(RepoFiles.defaultHttpPort()), health.group(2));
    assertEquals("/health/live", health.group(3));
    assertTrue(RepoFiles.gatewayPaths().contains(health.group(3)));

    List<String> problems = new ArrayList<>();
    instructions.stream().filter(i -> i[0].equals("ENV")).forEach(i -> {
      String name = i[1].substring(0, i[1].indexOf('='));
      checkRuntimeEnv("Dockerfile ENV", name, problems);
    });
    assertEquals(List.of(), problems);
  }

  @Test
  void dockerignoreKeepsBuildOutputAndSecretsOutOfTheContext() {
    List<String> lines = List.of(RepoFiles.read(ROOT.resolve(".dockerignore")).split("\n"));
    assertTrue(lines.contains("**/target"), "stale jars never reach the build");
    assertTrue(lines.contains(".git"));
    assertTrue(lines.contains("deploy/marketgate.env"), "the filled-in env file never enters an image");
  }

  // ---------------------------------------------------------------- compose

  @Test
  void composeRunsOneGatewayAndTwoWorkersClusteredOverTcpIpOnOneDataVolume() {
    Map<String, Object> compose = RepoFiles.yaml(DEPLOY.resolve("compose.yaml"));
    Map<String, Object> services = map(compose, "services");
    Map<String, Integer> commands = new HashMap<>();
    Set<String> hosts = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    Set<String> members = new TreeSet<>();
    for (String member : clusterXml("cluster.xml").getNetworkConfig().getJoin().getTcpIpConfig().getMembers()) {
      members.add(member);
    }
    for (Map.Entry<String, Object> entry : services.entrySet()) {
      String service = entry.getKey();
      Map<String, Object> s = map(entry.getValue());
      List<String> command = strings(s.get("command"));
      assertEquals(null, CliCheck.problem(command), service);
      commands.merge(command.get(0), 1, Integer::sum);
      hosts.add(s.getOrDefault("hostname", service) + ":" + hazelcastPort("cluster.xml"));

      assertEquals("deploy/Dockerfile", map(s, "build").get("dockerfile"));
      Path context = DEPLOY.resolve(String.valueOf(map(s, "build").get("context")));
      assertTrue(Files.exists(context.resolve("deploy/Dockerfile")), service + " builds from the repository root");

      Map<String, String> env = new HashMap<>();
      for (Object file : RepoFiles.list(s, "env_file")) {
        assertTrue(Files.exists(DEPLOY.resolve(file + ".example")), file + " has an example next to it");
        env.putAll(DeployTexts.envFile(DEPLOY.resolve(file + ".example"), false));
      }
      map(s, "environment").forEach((k, v) -> env.put(k, String.valueOf(v)));
      env.keySet().forEach(name -> checkRuntimeEnv("compose " + service, name, problems));

      Map<String, String> mounts = new HashMap<>();
      for (Object volume : RepoFiles.list(s, "volumes")) {
        String[] parts = String.valueOf(volume).split(":");
        mounts.put(parts[1], parts[0]);
        if (parts[0].startsWith("./") && !Files.exists(DEPLOY.resolve(parts[0]))) {
          problems.add("compose " + service + ": mounts " + parts[0] + ", which does not exist");
        }
      }
      Path configFile = DEPLOY.resolve(mounts.get(CliCheck.option(command, "--config")));
      MarketgateConfig config = ConfigLoader.load(configFile, env, null);
      assertEquals("./cluster.xml", mounts.get(config.cluster().configFile().toString()),
          service + ": cluster.configFile is the mounted deploy/cluster.xml");
      assertEquals("marketgate-data", mounts.get(config.dataDir().toString()), service + ": the shared data volume");

      if (command.get(0).equals("gateway")) {
        assertEquals(List.of(config.http().port() + ":" + config.http().port()), RepoFiles.list(s, "ports"));
        assertEquals("http://127.0.0.1:" + config.http().port() + "/health/ready", healthUrl(s));
      } else {
        assertTrue(strings(map(s, "healthcheck").get("test")).toString()
            .contains("/dev/tcp/127.0.0.1/" + hazelcastPort("cluster.xml")), service + " checks its member port");
      }
    }
    assertEquals(Map.of("gateway", 1, "worker", 2), commands);
    assertTrue(map(compose, "volumes").containsKey("marketgate-data"));
    assertEquals(hosts, members, "cluster.xml lists exactly the compose members");
    assertEquals(List.of(), problems);
  }

  // ---------------------------------------------------------------- Kubernetes

  @Test
  void kubernetesManifestsAgreeWithThePortsProbesConfigAndDiscovery() throws Exception {
    Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
    for (Path file : RepoFiles.list(DEPLOY.resolve("k8s"), ".yaml")) {
      if (file.getFileName().toString().equals("kustomization.yaml")) {
        assertEquals(RepoFiles.list(DEPLOY.resolve("k8s"), ".yaml").stream().map(f -> f.getFileName().toString())
                .filter(f -> !f.equals("kustomization.yaml")).sorted().toList(),
            RepoFiles.list(RepoFiles.yaml(file), "resources").stream().map(String::valueOf).sorted().toList(),
            "kustomization.yaml applies every manifest");
        continue;
      }
      for (Map<String, Object> doc : RepoFiles.yamlDocuments(file)) {
        objects.put(doc.get("kind") + "/" + map(doc, "metadata").get("name"), doc);
      }
    }
    assertFalse(objects.keySet().stream().anyMatch(k -> k.startsWith("Secret/")), "no secret values in the manifests");

    Config hazelcast = clusterXml("cluster-kubernetes.xml");
    int hzPort = hazelcast.getNetworkConfig().getPort();
    String discoveryService = hazelcast.getNetworkConfig().getJoin().getKubernetesConfig().getProperty("service-name");

    Map<String, Object> headless = objects.get("Service/" + discoveryService);
    assertTrue(headless != null, "the headless Service Hazelcast discovers members through: " + discoveryService);
    assertEquals("None", map(headless, "spec").get("clusterIP"));
    assertEquals(Boolean.TRUE, map(headless, "spec").get("publishNotReadyAddresses"),
        "a gateway is ready only after joining, so members must be found before they are ready");
    assertEquals(hzPort, map(RepoFiles.list(headless, "spec", "ports").get(0)).get("port"));
    assertEquals(String.valueOf(hzPort),
        hazelcast.getNetworkConfig().getJoin().getKubernetesConfig().getProperty("service-port"));

    Map<String, Object> configMap = objects.get("ConfigMap/marketgate-config");
    assertEquals(RepoFiles.read(DEPLOY.resolve("cluster-kubernetes.xml")), map(configMap, "data").get("cluster.xml"),
        "the ConfigMap carries deploy/cluster-kubernetes.xml unchanged");

    String serviceAccount = rbacServiceAccount(objects);
    Map<String, Object> gatewayPod = null;
    List<String> problems = new ArrayList<>();
    for (String workload : List.of("Deployment/marketgate-gateway", "StatefulSet/marketgate-worker")) {
      Map<String, Object> w = objects.get(workload);
      Map<String, Object> pod = map(w, "spec", "template");
      assertEquals(map(w, "spec", "selector", "matchLabels"), map(pod, "metadata", "labels").entrySet().stream()
          .filter(e -> map(w, "spec", "selector", "matchLabels").containsKey(e.getKey()))
          .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), workload);
      assertTrue(selects(map(headless, "spec", "selector"), pod), discoveryService + " selects " + workload);
      assertEquals(serviceAccount, map(pod, "spec").get("serviceAccountName"),
          workload + " may call the Kubernetes API");
      assertEquals(Boolean.TRUE, map(pod, "spec", "securityContext").get("runAsNonRoot"),
          workload + " runs as non-root");

      Map<String, Object> container = map(RepoFiles.list(pod, "spec", "containers").get(0));
      List<String> args = strings(container.get("args"));
      assertEquals(null, CliCheck.problem(args), workload);
      Map<String, Integer> ports = new HashMap<>();
      RepoFiles.list(container, "ports").forEach(p -> ports.put(String.valueOf(map(p).get("name")),
          (Integer) map(p).get("containerPort")));
      assertEquals(hzPort, ports.get("hazelcast"), workload);

      Map<String, String> env = new HashMap<>();
      for (Object item : RepoFiles.list(container, "env")) {
        Map<String, Object> e = map(item);
        String name = String.valueOf(e.get("name"));
        checkRuntimeEnv(workload, name, problems);
        Map<String, Object> secretRef = map(e, "valueFrom", "secretKeyRef");
        if (!secretRef.isEmpty()) {
          if (!RepoFiles.secretNames().contains(name) || !name.equals(secretRef.get("key"))) {
            problems.add(workload + ": " + name + " comes from a Secret but is not that secret's name");
          }
        } else {
          env.put(name, String.valueOf(e.get("value")));
        }
      }
      Map<String, String> mounts = new HashMap<>();
      RepoFiles.list(container, "volumeMounts").forEach(m -> mounts.put(String.valueOf(map(m).get("mountPath")),
          String.valueOf(map(m).get("name"))));
      assertEquals("config", mounts.get(Path.of(CliCheck.option(args, "--config")).getParent().toString()), workload);
      Path json = Files.createTempFile("marketgate", ".json");
      Files.writeString(json, String.valueOf(map(configMap, "data").get("marketgate.json")));
      MarketgateConfig config = ConfigLoader.load(json, env, null);
      assertEquals("/etc/marketgate/cluster.xml", config.cluster().configFile().toString());
      assertEquals("config", mounts.get(config.cluster().configFile().getParent().toString()), workload);
      assertEquals("data", mounts.get(config.dataDir().toString()), workload + " keeps its data on the data volume");

      if (args.get(0).equals("gateway")) {
        gatewayPod = pod;
        assertEquals(config.http().port(), ports.get("http"));
        assertEquals("/health/live", map(container, "livenessProbe", "httpGet").get("path"));
        assertEquals("/health/ready", map(container, "readinessProbe", "httpGet").get("path"));
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
          assertTrue(RepoFiles.gatewayPaths().contains(map(container, probe, "httpGet").get("path")), probe);
          assertEquals("http", map(container, probe, "httpGet").get("port"), probe);
        }
      } else {
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
          assertEquals("hazelcast", map(container, probe, "tcpSocket").get("port"), workload + " " + probe);
        }
      }
    }
    Map<String, Object> gatewayService = objects.get("Service/marketgate-gateway");
    assertTrue(selects(map(gatewayService, "spec", "selector"), gatewayPod));
    assertFalse(selects(map(gatewayService, "spec", "selector"),
        map(objects.get("StatefulSet/marketgate-worker"), "spec", "template")), "HTTP goes to gateways only");
    assertEquals("http", map(RepoFiles.list(gatewayService, "spec", "ports").get(0)).get("targetPort"));
    assertEquals(discoveryService, map(objects.get("StatefulSet/marketgate-worker"), "spec").get("serviceName"));
    assertEquals(List.of(), problems);
  }

  /** The Role lets the ServiceAccount read what Hazelcast's discovery asks the API for; returns that account. */
  private static String rbacServiceAccount(Map<String, Map<String, Object>> objects) {
    Map<String, Object> binding = objects.values().stream().filter(o -> "RoleBinding".equals(o.get("kind")))
        .findFirst().orElseThrow();
    Map<String, Object> role = objects.get("Role/" + map(binding, "roleRef").get("name"));
    assertTrue(role != null, "the RoleBinding's Role exists");
    Set<String> readable = new TreeSet<>();
    for (Object rule : RepoFiles.list(role, "rules")) {
      if (RepoFiles.list(rule, "verbs").containsAll(List.of("get", "list"))) {
        RepoFiles.list(rule, "resources").forEach(r -> readable.add(String.valueOf(r)));
      }
    }
    assertTrue(readable.containsAll(Set.of("endpoints", "pods", "endpointslices")), "discovery can read " + readable);
    Map<String, Object> subject = map(RepoFiles.list(binding, "subjects").get(0));
    assertEquals("ServiceAccount", subject.get("kind"));
    String account = String.valueOf(subject.get("name"));
    assertTrue(objects.containsKey("ServiceAccount/" + account));
    return account;
  }

  private static boolean selects(Map<String, Object> selector, Map<String, Object> podTemplate) {
    Map<String, Object> labels = map(podTemplate, "metadata", "labels");
    return !selector.isEmpty()
        && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  // ---------------------------------------------------------------- Hazelcast

  @Test
  void clusterConfigurationsParseAsHazelcastConfigsWithMulticastOff() {
    for (String file : List.of("cluster.xml", "cluster-kubernetes.xml")) {
      Config config = clusterXml(file);
      JoinConfig join = config.getNetworkConfig().getJoin();
      assertFalse(join.getMulticastConfig().isEnabled(), file + ": no multicast");
      assertEquals("marketgate", config.getClusterName(), file);
      // The structures Vert.x's cluster manager needs, as in its default-cluster.xml.
      assertEquals(1, config.getMultiMapConfig("__vertx.subs").getBackupCount(), file);
      assertTrue(config.getMapConfigs().keySet().containsAll(Set.of("__vertx.haInfo", "__vertx.nodeInfo")), file);
    }
    assertTrue(clusterXml("cluster.xml").getNetworkConfig().getJoin().getTcpIpConfig().isEnabled());
    JoinConfig kubernetes = clusterXml("cluster-kubernetes.xml").getNetworkConfig().getJoin();
    assertTrue(kubernetes.getKubernetesConfig().isEnabled());
    assertFalse(kubernetes.getTcpIpConfig().isEnabled());
  }

  /**
   * The per-host overrides cluster.xml documents work the way the jar loads it: Hazelcast's own for
   * the port and members (Config.loadFromFile applies them), and the address properties that both
   * Hazelcast and the Vert.x cluster manager read (the event bus host).
   */
  @Test
  void memberAddressPortAndMembersOfClusterXmlAreOverridablePerHost() throws Exception {
    Map<String, String> overrides = Map.of(
        "hz.network.port.port", "5801",
        "hz.network.join.tcp-ip.members", "10.0.0.12,10.0.0.13",
        "hazelcast.local.localAddress", "10.0.0.11",
        "hazelcast.local.publicAddress", "203.0.113.5");
    String xml = RepoFiles.read(DEPLOY.resolve("cluster.xml"));
    for (String env : List.of("HZ_NETWORK_PORT_PORT", "HZ_NETWORK_JOIN_TCPIP_MEMBERS")) {
      assertTrue(xml.contains(env), "cluster.xml documents " + env);
    }
    overrides.keySet().forEach(name -> assertTrue(xml.contains("-D" + name + "="), "cluster.xml documents " + name));
    Config plain = Config.loadFromFile(DEPLOY.resolve("cluster.xml").toFile());
    overrides.forEach(System::setProperty);
    try {
      Config overridden = Config.loadFromFile(DEPLOY.resolve("cluster.xml").toFile());
      assertEquals(5801, overridden.getNetworkConfig().getPort());
      assertNotEquals(plain.getNetworkConfig().getPort(), overridden.getNetworkConfig().getPort());
      assertTrue(overridden.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()
          .containsAll(List.of("10.0.0.12", "10.0.0.13")));
      HazelcastClusterManager manager = new HazelcastClusterManager(overridden);
      assertEquals("10.0.0.11", manager.clusterHost(), "the event bus listens on the member address");
      assertEquals("203.0.113.5", manager.clusterPublicHost(), "and announces the public one");
    } finally {
      overrides.keySet().forEach(System::clearProperty);
    }
  }

  // ---------------------------------------------------------------- config and env files

  @Test
  void sampleConfigHasEveryKeyOfTheDefaultsAndLoads() {
    Set<String> missing = new TreeSet<>(RepoFiles.configKeys());
    RepoFiles.leaves(sampleConfig(), "", new TreeSet<>()).forEach(missing::remove);
    assertEquals(Set.of(), missing, "keys of defaults.json missing from deploy/marketgate.sample.json");
    MarketgateConfig config = ConfigLoader.load(DEPLOY.resolve("marketgate.sample.json"), Map.of(), null);
    assertEquals(Path.of("/data"), config.dataDir());
  }

  /**
   * Every key has a row in docs/deployment.md (maps keyed by data, like ticks.ringSize, as one row),
   * and a number or boolean default there is the real one.
   */
  @Test
  void deploymentDocsDescribeEveryConfigKeyWithItsDefault() {
    String docs = RepoFiles.read(ROOT.resolve("docs/deployment.md"));
    JsonObject defaults = ConfigLoader.defaults();
    Set<String> problems = new TreeSet<>();
    documentedNames(defaults, "").forEach(key -> {
      Matcher row = Pattern.compile("\\| `" + Pattern.quote(key) + "` \\| ([^|]*) \\|").matcher(docs);
      if (!row.find()) {
        problems.add(key + ": no row");
        return;
      }
      Object value = defaults;
      for (String part : key.split("\\.")) {
        value = ((JsonObject) value).getValue(part);
      }
      if ((value instanceof Number || value instanceof Boolean) && !row.group(1).contains("`" + value + "`")) {
        problems.add(key + ": the default is " + value + ", the docs say " + row.group(1).trim());
      }
    });
    assertEquals(Set.of(), problems, "docs/deployment.md's table of keys");
  }

  private static Set<String> documentedNames(JsonObject node, String prefix) {
    Set<String> names = new TreeSet<>();
    for (String name : node.fieldNames()) {
      String key = prefix.isEmpty() ? name : prefix + "." + name;
      Object value = node.getValue(name);
      boolean dataKeyed = value instanceof JsonObject child
          && child.fieldNames().stream().anyMatch(k -> !k.matches("[a-z][A-Za-z]*"));
      if (value instanceof JsonObject child && !dataKeyed) {
        names.addAll(documentedNames(child, key));
      } else {
        names.add(key);
      }
    }
    return names;
  }

  @Test
  void envExampleNamesEverySecretAndOnlySecretsAndConfigKeys() {
    Map<String, String> all = DeployTexts.envFile(DEPLOY.resolve("marketgate.env.example"), true);
    List<String> problems = new ArrayList<>();
    all.keySet().forEach(name -> checkRuntimeEnv("marketgate.env.example", name, problems));
    assertEquals(List.of(), problems);
    assertTrue(all.keySet().containsAll(RepoFiles.secretNames()),
        "every secret has a line: " + RepoFiles.secretNames());
    Map<String, String> active = DeployTexts.envFile(DEPLOY.resolve("marketgate.env.example"), false);
    ConfigLoader.load(DEPLOY.resolve("marketgate.sample.json"), active, null);
  }

  /** A variable a container gets is a config key, a secret, or one the JVM itself reads. */
  private static void checkRuntimeEnv(String where, String name, List<String> problems) {
    if (name.startsWith(ConfigLoader.ENV_PREFIX)) {
      if (!RepoFiles.configEnvNames().contains(name) && !RepoFiles.secretNames().contains(name)) {
        problems.add(where + ": " + name + " is not a config key (ConfigLoader.envName) nor a secret");
      }
    } else if (!RepoFiles.secretNames().contains(name) && !RUNTIME_ENV.contains(name)) {
      problems.add(where + ": " + name + " is not a secret marketgate reads (Secrets)");
    }
  }

  // ---------------------------------------------------------------- helpers

  private static List<String> strings(Object node) {
    return node instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  private static String healthUrl(Map<String, Object> service) {
    return strings(map(service, "healthcheck").get("test")).stream().filter(s -> s.startsWith("http")).findFirst()
        .orElse(null);
  }

  private static JsonObject sampleConfig() {
    return new JsonObject(RepoFiles.read(DEPLOY.resolve("marketgate.sample.json")));
  }

  private static Config clusterXml(String file) {
    byte[] xml = RepoFiles.read(DEPLOY.resolve(file)).getBytes(StandardCharsets.UTF_8);
    return new XmlConfigBuilder(new ByteArrayInputStream(xml)).build();
  }

  private static int hazelcastPort(String file) {
    return clusterXml(file).getNetworkConfig().getPort();
  }
}
