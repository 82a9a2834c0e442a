"use strict";
// Prometheus text at /metrics, the counters every step exposes.

function makeMetrics() {
  const deliveries = new Map();
  return {
    count(topic, outcome) {
      const k = `stage="notifier",topic="${topic}",outcome="${outcome}"`;
      deliveries.set(k, (deliveries.get(k) ?? 0) + 1);
    },
    text() {
      let out = "# HELP choreo_deliveries_total Event deliveries handled, by topic and result (done, retry, dead_letter, duplicate).\n";
      out += "# TYPE choreo_deliveries_total counter\n";
      for (const [k, v] of deliveries) out += `choreo_deliveries_total{${k}} ${v}\n`;
      return out;
    },
  };
}

module.exports = { makeMetrics };
