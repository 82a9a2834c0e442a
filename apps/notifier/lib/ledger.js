"use strict";
// Marks of handled events in the app's state store (appstate: keys prefixed with the
// app id), kept 14 days, far beyond any redelivery window. A key is a hash of topic and
// event id: event ids hold "/", which a state key in a URL path cannot.

const crypto = require("node:crypto");

const STORE = "appstate";
const TTL_SECONDS = 14 * 24 * 3600;

function key(topic, id) {
  return "handled-" + crypto.createHash("sha256").update(`${topic}\n${id}`).digest("hex");
}

function makeLedger(client) {
  return {
    async handled(topic, id) {
      const v = await client.state.get(STORE, key(topic, id));
      return v !== undefined && v !== null && v !== "";
    },
    async mark(topic, id) {
      const res = await client.state.save(STORE, [
        { key: key(topic, id), value: { topic, event_id: id, at: new Date().toISOString() }, metadata: { ttlInSeconds: String(TTL_SECONDS) } },
      ]);
      if (res && res.error) throw new Error(`mark ${topic} ${id}: ${res.error}`);
    },
  };
}

module.exports = { makeLedger, key };
