package marketgate.workers.monitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cluster roles that must always have a member: when the last member with a singleton role (Kite
 * connection, publisher, daily history and its rollup, Drive sync, bot, monitor) leaves, and a
 * singleton nobody holds.
 */
final class ClusterChecks {
  static final String MEMBER_LOST = "cluster.member_lost";
  static final String UNHELD = "cluster.singleton_unheld";
  static final Set<String> SINGLETON_ROLES = Set.of("ticks", "publish", "history", "bluedot", "bot", "monitor");

  /** Role to the member last seen holding it: the member that left is named in the alert. */
  private final Map<String, String> lastHolder = new HashMap<>();

  List<CheckResult> evaluate(Facts facts) {
    ClusterView view = facts.cluster();
    if (view == null) {
      return List.of(CheckResult.unknown(MEMBER_LOST, "membership unknown"),
          CheckResult.unknown(UNHELD, "membership unknown"));
    }
    if (!view.clustered()) {
      return List.of(CheckResult.ok(MEMBER_LOST, "not clustered"), CheckResult.ok(UNHELD, "not clustered"));
    }
    return List.of(memberLost(view), unheld(view));
  }

  private CheckResult memberLost(ClusterView view) {
    List<String> lost = new ArrayList<>();
    for (String role : SINGLETON_ROLES) {
      String holder = view.members().entrySet().stream().filter(e -> e.getValue().contains(role))
          .map(Map.Entry::getKey).findFirst().orElse(null);
      if (holder != null) {
        lastHolder.put(role, holder);
      } else if (lastHolder.containsKey(role)) {
        lost.add(role + " (was on member " + lastHolder.get(role) + ")");
      }
    }
    lost.sort(null);
    return CheckResult.when(!lost.isEmpty(), MEMBER_LOST, lost.isEmpty()
        ? view.members().size() + " members, every singleton role seen has a member"
        : "no member left with role " + String.join(", ", lost));
  }

  private static CheckResult unheld(ClusterView view) {
    List<String> unheld = view.singletons().entrySet().stream().filter(e -> e.getValue() == null)
        .map(Map.Entry::getKey).sorted().toList();
    return CheckResult.when(!unheld.isEmpty(), UNHELD, unheld.isEmpty()
        ? view.singletons().size() + " singletons held" : "nobody holds " + String.join(", ", unheld));
  }
}
