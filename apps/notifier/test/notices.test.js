"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { notice, pain002Name } = require("../lib/notices");

test("a file's notice names its pain.002 status report", () => {
  const ref = { file_id: "f-0123456789abcdef01234567", blob: "acme.csv", size: 1, sha256: "ab" };
  const created = notice("file.created", { ...ref, sender_id: "ACME-CORP", file_reference: "R-1", nb_of_txs: 1,
    control_sum: "1.00", msg_id: "ACME-CORP/R-1", file_b: "pain001_ACME-CORP_R-1.xml" });
  const rejected = notice("file.rejected", { ...ref, violation_count: 0, violations: [], report: "f/report.csv" });
  for (const n of [created, rejected]) {
    assert.match(n.text, /Status report \(pain\.002\): f-0123456789abcdef01234567\.pain002\.xml\n/);
  }
  assert.equal(pain002Name("f-1"), "f-1.pain002.xml");
});

test("a rejection's notice says where and why, never the values a violation quotes", () => {
  const n = notice("file.rejected", { file_id: "f-1", blob: "bad.csv", size: 1, sha256: "ab", sender_id: "ACME-CORP",
    file_reference: "R-1", violation_count: 2, report: "f-1/report.csv", violations: [
      { line: 2, field: "debtor_iban", code: "INVALID_IBAN", message: 'debtor_iban "DE89370400440532013001": check digits do not match' },
      { line: 3, field: "creditor_name", code: "UNSUPPORTED_CHARACTER", message: 'creditor_name "Widgets ☃ Ltd": no conversion' },
    ] });
  assert.match(n.text, /line 2 debtor_iban: INVALID_IBAN\n/);
  assert.match(n.text, /line 3 creditor_name: UNSUPPORTED_CHARACTER\n/);
  for (const leak of ["DE89370400440532013001", "Widgets"]) {
    assert.ok(!n.text.includes(leak), `notice holds ${leak}: ${n.text}`);
  }
});
