package marketgate.gateway.ops;

import io.vertx.core.json.JsonObject;

/** The /status JSON as a small HTML table for people. */
final class StatusPage {
  private StatusPage() {}

  static String render(JsonObject status) {
    StringBuilder html = new StringBuilder(2048)
        .append("<!doctype html><html><head><meta charset=\"utf-8\"><title>marketgate status</title>")
        .append("<style>body{font-family:sans-serif}td,th{padding:4px 12px;text-align:left}")
        .append(".running{color:#070}.not{color:#a00}</style></head><body><h1>marketgate status</h1><p>")
        .append(escape(status.getString("time"))).append("</p><table><tr><th>pipeline</th><th>state</th><th>details</th></tr>");
    JsonObject pipelines = status.getJsonObject("pipelines");
    for (String name : pipelines.fieldNames()) {
      JsonObject p = pipelines.getJsonObject(name);
      String state = p.getString("state");
      Object details = p.containsKey("details") ? p.getValue("details") : p.getValue("reason");
      html.append("<tr><td>").append(escape(name)).append("</td><td class=\"")
          .append(state.equals("running") ? "running" : "not").append("\">").append(escape(state))
          .append("</td><td><code>").append(escape(String.valueOf(details))).append("</code></td></tr>");
    }
    html.append("</table><h2>gateway</h2><pre>").append(escape(status.getJsonObject("gateway").encodePrettily()))
        .append("</pre></body></html>");
    return html.toString();
  }

  static String escape(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
