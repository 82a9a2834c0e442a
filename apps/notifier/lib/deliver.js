"use strict";
// One delivery, as every step of the choreography handles it (internal/step in Go): the
// ledger first (an event id handled before is acknowledged with no second effect), then
// the contract, then the effect, then the mark. The answer is Dapr's status: SUCCESS,
// RETRY (a technical failure: the resiliency policy retries, then dead-letters) or DROP
// (the event can never succeed, e.g. it breaks its contract: dead-lettered at once).

const { traceID } = require("./log");
const { notice } = require("./notices");

const SUCCESS = "SUCCESS";
const RETRY = "RETRY";
const DROP = "DROP";

// makeDeliver binds the ports: ledger {handled(topic, id), mark(topic, id)},
// write(name, text), validate(topic, data) -> null | [problems], log, count(topic, outcome).
function makeDeliver({ ledger, write, validate, log, count = () => {} }) {
  // Deliveries of each event id seen by this process, so that logs say which try this
  // is; the resiliency policy, not this counter, decides when to stop.
  const attempts = new Map();
  return async function deliver(topic, ce) {
    const start = Date.now();
    if (attempts.size > 100000) attempts.clear();
    const attempt = (attempts.get(ce.id) ?? 0) + 1;
    attempts.set(ce.id, attempt);
    const base = { event_id: ce.id, topic };
    const trace = traceID(ce.traceparent);
    try {
      if (await ledger.handled(topic, ce.id)) {
        log.info("duplicate delivery acknowledged", { ...base, stage: "notifier", outcome: "duplicate", trace_id: trace });
        attempts.delete(ce.id);
        count(topic, "duplicate");
        return SUCCESS;
      }
      const problems = validate(topic, ce.data);
      if (problems) {
        log.warn("delivery failed", { ...base, stage: "notifier", attempt, outcome: "dead_letter", trace_id: trace,
          error: `payload breaks contracts/${topic}.v1.schema.json: ${problems.join("; ")}` });
        attempts.delete(ce.id);
        count(topic, "dead_letter");
        return DROP;
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
      return SUCCESS;
    } catch (err) {
      log.warn("delivery failed", { ...base, stage: "notifier", attempt, outcome: "retry", trace_id: trace,
        error: String(err?.message ?? err) });
      count(topic, "retry");
      return RETRY;
    }
  };
}

module.exports = { makeDeliver, SUCCESS, RETRY, DROP };
