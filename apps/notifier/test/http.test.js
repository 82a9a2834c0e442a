"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { makeApp, ENVELOPE } = require("../lib/http");

async function withServer(app, fn) {
  const srv = app.listen(0, "127.0.0.1");
  await new Promise((r) => srv.once("listening", r));
  try {
    await fn(`http://127.0.0.1:${srv.address().port}`);
  } finally {
    srv.close();
  }
}

test("every route but /healthz and /metrics wants the sidecar's token", async () => {
  const app = makeApp({ token: "secret", insecure: false, metrics: () => "" });
  let seen;
  app.post("/topic", (req, res) => {
    seen = JSON.parse(req.headers[ENVELOPE]);
    res.json({ status: "SUCCESS" });
  });
  await withServer(app, async (base) => {
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/dapr/subscribe`)).status, 401);
    const ce = JSON.stringify({ id: "f-1/file.created", traceparent: "tp", data: { a: 1 } });
    const headers = { "content-type": "application/cloudevents+json" };
    assert.equal((await fetch(`${base}/topic`, { method: "POST", body: ce, headers })).status, 401);
    assert.equal((await fetch(`${base}/topic`, { method: "POST", body: ce, headers: { ...headers, "dapr-api-token": "wrong" } })).status, 401);
    const ok = await fetch(`${base}/topic`, { method: "POST", body: ce, headers: { ...headers, "dapr-api-token": "secret" } });
    assert.equal(ok.status, 200);
    assert.equal(seen.id, "f-1/file.created");
    assert.equal(seen.traceparent, "tp");
  });
});

test("the app listens on the loopback unless told another address (CHOREO_LISTEN_ADDR)", async () => {
  for (const [host, want] of [[undefined, "127.0.0.1"], ["0.0.0.0", "0.0.0.0"]]) {
    const srv = makeApp({ token: "t", insecure: false, metrics: () => "", host }).listen(0);
    await new Promise((r) => srv.once("listening", r));
    assert.equal(srv.address().address, want);
    srv.close();
  }
});

test("service invocation from another app is refused; the own sidecar's deliveries pass", async () => {
  const app = makeApp({ token: "secret", insecure: false, metrics: () => "" });
  app.post("/topic", (_req, res) => res.json({ status: "SUCCESS" }));
  await withServer(app, async (base) => {
    const post = (headers) => fetch(`${base}/topic`, { method: "POST", body: "{}",
      headers: { "content-type": "application/json", "dapr-api-token": "secret", ...headers } });
    assert.equal((await post({})).status, 200);
    assert.equal((await post({ "dapr-caller-app-id": "notifier" })).status, 200);
    assert.equal((await post({ "dapr-caller-app-id": "mallory" })).status, 403);
    assert.equal((await post({ "dapr-caller-app-id": "notifier, mallory" })).status, 403);
    assert.equal((await post({ "dapr-caller-app-id": "m".repeat(1000) })).status, 403);
    const noToken = await fetch(`${base}/topic`, { method: "POST", body: "{}", headers: { "dapr-caller-app-id": "notifier" } });
    assert.equal(noToken.status, 401);
    assert.equal((await fetch(`${base}/topic?dapr-api-token=secret`, { method: "POST", body: "{}" })).status, 401);
  });
});
