"use strict";
// One JSON line per record with the keys of the Go apps' log/slog lines (time, level,
// msg, app, then the attributes in order), so the notifier's lines read and grep like
// every other step's: event_id, topic, file_id or order_id, trace_id, stage, outcome.

const LEVELS = { DEBUG: -4, INFO: 0, WARN: 4, ERROR: 8 };

function logger(app, level = "INFO", out = process.stdout) {
  const min = LEVELS[String(level).toUpperCase()] ?? LEVELS.INFO;
  const write = (lvl, msg, attrs) => {
    if (LEVELS[lvl] < min) return;
    out.write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, app, ...attrs }) + "\n");
  };
  return {
    debug: (msg, attrs = {}) => write("DEBUG", msg, attrs),
    info: (msg, attrs = {}) => write("INFO", msg, attrs),
    warn: (msg, attrs = {}) => write("WARN", msg, attrs),
    error: (msg, attrs = {}) => write("ERROR", msg, attrs),
  };
}

// traceID reads the trace id of a W3C traceparent (version-traceid-spanid-flags).
function traceID(traceparent) {
  return typeof traceparent === "string" && traceparent.length >= 35 ? traceparent.slice(3, 35) : "";
}

module.exports = { logger, traceID };
