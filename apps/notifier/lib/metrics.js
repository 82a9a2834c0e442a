"use strict";
// The counters every step exposes, in Prometheus text at /metrics (prom-client).
const client = require("prom-client");

// makeMetrics gives the app's own registry: count(topic, outcome) for each delivery,
// text() for /metrics (a promise).
function makeMetrics() {
  const registry = new client.Registry();
  const deliveries = new client.Counter({
    name: "choreo_deliveries_total",
    help: "Event deliveries handled, by topic and result (done, retry, dead_letter, duplicate).",
    labelNames: ["stage", "topic", "outcome"],
    registers: [registry],
  });
  return {
    count(topic, outcome) {
      deliveries.inc({ stage: "notifier", topic, outcome });
    },
    text: () => registry.metrics(),
  };
}

module.exports = { makeMetrics };
