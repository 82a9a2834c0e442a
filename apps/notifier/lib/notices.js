"use strict";
// What a person reads: one short text per outcome, under a name that is the same for
// every redelivery of the event (so a second delivery writes nothing new).

const FILE_TOPICS = ["file.created", "file.rejected"];
const ORDER_TOPICS = ["order.confirmed", "order.cancelled"];

// pain002Name is the name of a file's pain.002 status report in the reports binding,
// which the reporter writes for every file that reaches its end: the same rule as
// internal/pain002.Name (apps/notifier/pain002_test.go keeps the two equal).
function pain002Name(fileID) {
  return `${fileID}.pain002.xml`;
}

function items(list) {
  return list.map((it) => `  ${it.quantity} x ${it.sku} at ${it.unit_price}`).join("\n");
}

// notice turns an event into { name, subject, text }.
function notice(topic, d) {
  switch (topic) {
    case "order.confirmed":
      return {
        name: `orders/${d.order_id}.confirmed.txt`,
        subject: d.order_id,
        text:
          `To: ${d.customer.name} <${d.customer.email}>\n` +
          `Your order ${d.order_id} is confirmed and will ship (shipment ${d.shipment_id}).\n` +
          `${items(d.items)}\nTotal: ${d.total} ${d.currency}\n`,
      };
    case "order.cancelled":
      return {
        name: `orders/${d.order_id}.cancelled.txt`,
        subject: d.order_id,
        text:
          `To: ${d.customer.name} <${d.customer.email}>\n` +
          `Your order ${d.order_id} (${d.total} ${d.currency}) is cancelled; nothing is charged.\n` +
          d.reasons.map((r) => `  ${r.stage}: ${r.code}: ${r.message}`).join("\n") + "\n",
      };
    case "file.created":
      return {
        name: `files/${d.file_id}.created.txt`,
        subject: d.file_id,
        text:
          `Payment file ${d.blob} (${d.sender_id}, reference ${d.file_reference}) is accepted:\n` +
          `${d.nb_of_txs} payments, control sum ${d.control_sum}, File B ${d.file_b} (MsgId ${d.msg_id}).\n` +
          `Status report (pain.002): ${pain002Name(d.file_id)}\n`,
      };
    case "file.rejected":
      // Where and why, never the values: a violation's message quotes the account number
      // or name it is about, and a notification travels further than the report it
      // points to (the report and the pain.002 hold every message whole).
      return {
        name: `files/${d.file_id}.rejected.txt`,
        subject: d.file_id,
        text:
          `Payment file ${d.blob}${d.sender_id ? ` (${d.sender_id}, reference ${d.file_reference})` : ""} ` +
          `is rejected with ${d.violation_count} violation(s); report: ${d.report}\n` +
          `Status report (pain.002): ${pain002Name(d.file_id)}\n` +
          d.violations.slice(0, 20).map((v) => `  line ${v.line} ${v.field}: ${v.code}`).join("\n") + "\n",
      };
  }
  throw new Error(`no notice for topic ${topic}`);
}

module.exports = { FILE_TOPICS, ORDER_TOPICS, notice, pain002Name };
