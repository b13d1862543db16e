package marketgate.shared.config;

/**
 * The jobs API ({@code POST /api/v1/jobs}) and the job hosts on worker nodes.
 *
 * @param maxActive queued + running jobs in the whole system; past it a submit gets 429
 * @param maxActivePerNode queued + running jobs one node takes; past it that node answers 429
 * @param maxRecords job records kept; the oldest finished ones are dropped first
 * @param recordTtlSeconds a record's lifetime in the shared map after its last change
 * @param idempotencyTtlSeconds how long an {@code Idempotency-Key} maps to its first job
 * @param startTimeoutMillis how long the gateway waits for a node to accept a job
 * @param sweepSeconds how often the gateway fails the jobs of nodes that left the cluster
 * @param retryAfterSeconds the {@code Retry-After} of a 429
 * @param maxOutputBytes a job's captured stdout (and, separately, stderr) kept in its result
 */
public record JobsConfig(
    int maxActive,
    int maxActivePerNode,
    int maxRecords,
    long recordTtlSeconds,
    long idempotencyTtlSeconds,
    int startTimeoutMillis,
    int sweepSeconds,
    int retryAfterSeconds,
    int maxOutputBytes) {
  static JobsConfig from(ConfigReader r) {
    return new JobsConfig(
        r.intIn("maxActive", 1, 10_000),
        r.intIn("maxActivePerNode", 1, 1_000),
        r.intIn("maxRecords", 1, 100_000),
        r.longIn("recordTtlSeconds", 1, 365L * 86_400),
        r.longIn("idempotencyTtlSeconds", 1, 365L * 86_400),
        r.intIn("startTimeoutMillis", 1, 600_000),
        r.intIn("sweepSeconds", 1, 3_600),
        r.intIn("retryAfterSeconds", 1, 3_600),
        r.intIn("maxOutputBytes", 1_024, 16 * 1024 * 1024));
  }
}
