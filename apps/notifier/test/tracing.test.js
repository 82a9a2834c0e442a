"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { InMemorySpanExporter } = require("@opentelemetry/sdk-trace-base");
const { startTracing, SCOPE } = require("../lib/tracing");
const { makeDeliver, SUCCESS, DROP } = require("../lib/deliver");
const { loadContracts } = require("../lib/contracts");

const quiet = Object.fromEntries(["debug", "info", "warn", "error"].map((l) => [l, () => {}]));
const traceId = "4bf92f3577b34da6a3ce929d0e0e4736", parentId = "00f067aa0ba902b7";
const confirmed = {
  order_id: "o-0123456789abcdef0123", shipment_id: "shp-o-0123456789abcdef0123", reservation_id: "res-1",
  authorisation_id: "auth-1", customer: { id: "C-1", name: "Ada Lovelace", email: "ada@example.org" },
  items: [{ sku: "BOOK-1", quantity: 2, unit_price: "12.50" }], currency: "EUR", total: "25.00",
};

function traced() {
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing("notifier", {}, quiet, exporter);
  const deliver = makeDeliver({
    ledger: { handled: async () => false, mark: async () => {} }, write: async () => {},
    validate: loadContracts(["order.confirmed"]), log: quiet, startSpan: tracing.startSpan,
  });
  return { exporter, tracing, deliver };
}

test("a notification is a span, a child of the delivering span, with ids and no personal data", async () => {
  const { exporter, tracing, deliver } = traced();
  const ce = { id: "o-0123456789abcdef0123/order.confirmed", traceparent: "00-" + "a".repeat(32) + "-" + "b".repeat(16) + "-01", data: confirmed };
  assert.equal(await deliver("order.confirmed", ce, `00-${traceId}-${parentId}-01`), SUCCESS);
  await tracing.flush();
  const [span, ...more] = exporter.getFinishedSpans();
  assert.equal(more.length, 0);
  assert.equal(span.name, "notifier order.confirmed");
  assert.equal(span.instrumentationScope.name, SCOPE);
  assert.equal(span.resource.attributes["service.name"], "notifier");
  assert.equal(span.spanContext().traceId, traceId);
  assert.equal(span.parentSpanContext.spanId, parentId);
  assert.equal(span.attributes["choreo.order_id"], confirmed.order_id);
  assert.equal(span.attributes["choreo.outcome"], "done");
  const all = JSON.stringify(span.attributes);
  for (const secret of ["Ada Lovelace", "ada@example.org"]) assert.ok(!all.includes(secret), `span attributes hold ${secret}`);
});

test("without a delivering span the CloudEvent's traceparent is the parent; a broken contract ends as dead_letter", async () => {
  const { exporter, tracing, deliver } = traced();
  const ce = { id: "bad/order.confirmed", traceparent: `00-${traceId}-${parentId}-01`, data: { order_id: "o-1" } };
  assert.equal(await deliver("order.confirmed", ce), DROP);
  await tracing.flush();
  const [span] = exporter.getFinishedSpans();
  assert.equal(span.parentSpanContext.spanId, parentId);
  assert.equal(span.attributes["choreo.outcome"], "dead_letter");
  assert.equal(span.status.code, 2); // ERROR
});

test("the exporter follows the Go apps' variables", () => {
  assert.throws(() => startTracing("notifier", { OTEL_EXPORTER_OTLP_ENDPOINT: "127.0.0.1:4317", OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" }, quiet),
    /OTEL_EXPORTER_OTLP_PROTOCOL=http\/json: want grpc or http\/protobuf/);
  const lines = [];
  const log = { ...quiet, info: (msg, a) => lines.push({ msg, ...a }) };
  for (const env of [{ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4317" },
    { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "127.0.0.1:4318", OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf" }]) {
    startTracing("notifier", env, log).shutdown();
  }
  assert.deepEqual(lines.map((l) => l.endpoint), ["http://127.0.0.1:4317", "127.0.0.1:4318"]);
  lines.length = 0;
  startTracing("notifier", { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4317", OTEL_TRACES_EXPORTER: "none" }, log).shutdown();
  startTracing("notifier", {}, log).shutdown();
  assert.equal(lines.length, 0, "nothing is exported, nor said, without an endpoint or with OTEL_TRACES_EXPORTER=none");
});
