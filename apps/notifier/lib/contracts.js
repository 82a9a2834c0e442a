"use strict";
// The event contracts: contracts/<topic>.v1.schema.json at the project root, the same
// files the Go tests check the apps against (JSON Schema draft 2020-12, formats asserted).

const fs = require("node:fs");
const path = require("node:path");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const DEFAULT_DIR = path.join(__dirname, "..", "..", "..", "contracts");

function loadContracts(topics, dir = process.env.CHOREO_CONTRACTS || DEFAULT_DIR) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const validators = {};
  for (const topic of topics) {
    const file = path.join(dir, `${topic}.v1.schema.json`);
    validators[topic] = ajv.compile(JSON.parse(fs.readFileSync(file, "utf8")));
  }
  // validate returns null for a valid payload, else a list of "path: problem" texts.
  return function validate(topic, data) {
    const v = validators[topic];
    if (!v) return [`no contract for topic ${topic}`];
    if (v(data)) return null;
    return v.errors.map((e) => `${e.instancePath || "/"}: ${e.message}`);
  };
}

module.exports = { loadContracts };
