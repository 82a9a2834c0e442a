"use strict";
// One delivery, as every step of the choreography handles it (internal/step in Go): the
// ledger first (an event id handled before is acknowledged with no second effect), then
// the contract, then the effect, then the mark. The answer is Dapr's status: SUCCESS,
// RETRY (a technical failure: the resiliency policy retries, then dead-letters) or DROP
// (the event can never succeed, e.g. it breaks its contract: dead-lettered at once).

const { traceID } = require("./log");
const { notice } = require("./notices");

// noSpans stands in when nothing traces (unit tests of other parts).
const noSpans = () => ({ set() {}, end() {} });

const SUCCESS = "SUCCESS";
const RETRY = "RETRY";
const DROP = "DROP";

// makeDeliver binds the ports: ledger {handled(topic, id), mark(topic, id)},
// write(name, text), validate(topic, data) -> null | [problems], log, count(topic, outcome),
// startSpan(name, traceparent, attributes) -> {set, end(outcome)} (lib/tracing.js).
// Each delivery is a span, a child of parent: the traceparent of the sidecar's span that
// delivered it, the CloudEvent's when not given.
function makeDeliver({ ledger, write, validate, log, count = () => {}, startSpan = noSpans }) {
  // Deliveries of each event id seen by this process, so that logs say which try this
  // is; the resiliency policy, not this counter, decides when to stop.
  const attempts = new Map();
  return async function deliver(topic, ce, parent = ce.traceparent) {
    const span = startSpan(`notifier ${topic}`, parent, { "choreo.stage": "notifier",
      "messaging.destination.name": topic, "messaging.message.id": String(ce.id), ...subjectOf(topic, ce.data) });
    const [status, outcome] = await handle(topic, ce, span);
    span.end(outcome);
    return status;
  };

  // handle answers Dapr's status and the outcome the span records.
  async function handle(topic, ce, span) {
    const start = Date.now();
    if (attempts.size > 100000) attempts.clear();
    const attempt = (attempts.get(ce.id) ?? 0) + 1;
    attempts.set(ce.id, attempt);
    span.set({ "choreo.attempt": attempt });
    const base = { event_id: ce.id, topic };
    const trace = traceID(ce.traceparent);
    try {
      if (await ledger.handled(topic, ce.id)) {
        log.info("duplicate delivery acknowledged", { ...base, stage: "notifier", outcome: "duplicate", trace_id: trace });
        attempts.delete(ce.id);
        count(topic, "duplicate");
        return [SUCCESS, "duplicate"];
      }
      const problems = validate(topic, ce.data);
      if (problems) {
        log.warn("delivery failed", { ...base, stage: "notifier", attempt, outcome: "dead_letter", trace_id: trace,
          error: `payload breaks contracts/${topic}.v1.schema.json: ${problems.join("; ")}` });
        attempts.delete(ce.id);
        count(topic, "dead_letter");
        return [DROP, "dead_letter"];
      }
      const n = notice(topic, ce.data);
      await write(n.name, n.text);
      await ledger.mark(topic, ce.id);
      const kind = topic.startsWith("order.") ? "order" : "file";
      log.info(`${kind} notified`, { [`${kind}_id`]: n.subject, event_id: ce.id, trace_id: trace, stage: "notifier",
        outcome: "notified", notification: n.name });
      log.info("delivery handled", { ...base, [`${kind}_id`]: n.subject, stage: "notifier", attempt, outcome: "done",
        duration_ms: Date.now() - start, trace_id: trace });
      attempts.delete(ce.id);
      count(topic, "done");
      return [SUCCESS, "done"];
    } catch (err) {
      log.warn("delivery failed", { ...base, stage: "notifier", attempt, outcome: "retry", trace_id: trace,
        error: String(err?.message ?? err) });
      count(topic, "retry");
      return [RETRY, "retry"];
    }
  }
}

// subjectOf names what an event is about in a span: the order's or the file's id.
function subjectOf(topic, data) {
  const key = topic.startsWith("order.") ? "order_id" : "file_id";
  const id = data && typeof data === "object" ? data[key] : undefined;
  return typeof id === "string" ? { [`choreo.${key}`]: id.slice(0, 64) } : {};
}

module.exports = { makeDeliver, SUCCESS, RETRY, DROP };
