"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { makeMetrics } = require("../lib/metrics");

test("/metrics counts deliveries by topic and outcome, under the name every step uses", async () => {
  const m = makeMetrics();
  assert.doesNotMatch(await m.text(), /^choreo_deliveries_total\{/m, "nothing counted yet");
  m.count("order.created", "done");
  m.count("order.created", "done");
  m.count("file.created", "retry");
  const text = await m.text();
  assert.match(text, /^# TYPE choreo_deliveries_total counter$/m);
  assert.match(text, /^choreo_deliveries_total\{stage="notifier",topic="order\.created",outcome="done"\} 2$/m);
  assert.match(text, /^choreo_deliveries_total\{stage="notifier",topic="file\.created",outcome="retry"\} 1$/m);
  // A second app's registry is its own.
  assert.doesNotMatch(await makeMetrics().text(), /order\.created/);
});

test("the app serves the registry at /metrics, without the sidecar's token", async () => {
  const { makeApp } = require("../lib/http");
  const m = makeMetrics();
  m.count("order.created", "dead_letter");
  const srv = makeApp({ token: "secret", insecure: false, metrics: m.text }).listen(0);
  await new Promise((r) => srv.once("listening", r));
  try {
    const res = await fetch(`http://127.0.0.1:${srv.address().port}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /^text\/plain;.*version=0\.0\.4/);
    assert.match(await res.text(), /^choreo_deliveries_total\{stage="notifier",topic="order\.created",outcome="dead_letter"\} 1$/m);
  } finally {
    srv.close();
  }
});
