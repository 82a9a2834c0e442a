"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { makeDeliver, SUCCESS, RETRY, DROP } = require("../lib/deliver");
const { loadContracts } = require("../lib/contracts");

const confirmed = {
  order_id: "o-0123456789abcdef0123", shipment_id: "shp-o-0123456789abcdef0123", reservation_id: "res-1",
  authorisation_id: "auth-1", customer: { id: "C-1", name: "Ada Lovelace", email: "ada@example.org" },
  items: [{ sku: "BOOK-1", quantity: 2, unit_price: "12.50" }], currency: "EUR", total: "25.00",
};

function harness({ failWrite = false } = {}) {
  const marks = new Set();
  const written = new Map();
  const lines = [];
  const log = Object.fromEntries(["debug", "info", "warn", "error"].map((l) => [l, (msg, a) => lines.push({ level: l, msg, ...a })]));
  const deliver = makeDeliver({
    ledger: { handled: async (t, id) => marks.has(`${t} ${id}`), mark: async (t, id) => void marks.add(`${t} ${id}`) },
    write: async (name, text) => {
      if (failWrite) throw new Error("storage down");
      written.set(name, text);
    },
    validate: loadContracts(["order.confirmed", "order.cancelled", "file.created", "file.rejected"]),
    log,
  });
  return { deliver, marks, written, lines };
}

test("an outcome becomes one notification, and a redelivery changes nothing", async () => {
  const h = harness();
  const ce = { id: "o-0123456789abcdef0123/order.confirmed", traceparent: "00-" + "a".repeat(32) + "-" + "b".repeat(16) + "-01", data: confirmed };
  assert.equal(await h.deliver("order.confirmed", ce), SUCCESS);
  assert.deepEqual([...h.written.keys()], ["orders/o-0123456789abcdef0123.confirmed.txt"]);
  assert.match(h.written.get("orders/o-0123456789abcdef0123.confirmed.txt"), /Ada Lovelace.*\n.*confirmed.*shp-o-/s);
  h.written.clear();
  assert.equal(await h.deliver("order.confirmed", ce), SUCCESS);
  assert.equal(h.written.size, 0);
  assert.ok(h.lines.some((l) => l.msg === "duplicate delivery acknowledged" && l.event_id === ce.id));
});

test("a payload that breaks its contract is dead-lettered, not written", async () => {
  const h = harness();
  const bad = { ...confirmed, total: 25 };
  assert.equal(await h.deliver("order.confirmed", { id: "x/order.confirmed", data: bad }), DROP);
  assert.equal(h.written.size, 0);
  assert.equal(h.marks.size, 0);
  assert.ok(h.lines.some((l) => l.outcome === "dead_letter" && /total/.test(l.error)));
});

test("a technical failure is retried and not marked", async () => {
  const h = harness({ failWrite: true });
  assert.equal(await h.deliver("order.confirmed", { id: "y/order.confirmed", data: confirmed }), RETRY);
  assert.equal(h.marks.size, 0);
});
