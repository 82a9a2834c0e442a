package e2e

import (
	"bytes"
	"math/rand/v2"
)

type badInput struct {
	name    string // as dropped into the inbox (may contain a path separator)
	stored  string // File A's name in the rejected area
	content []byte
	want    []string // reason codes the report must contain
}

const header = "H,ACME-CORP,BAD-1,2026-11-25T08:00:00+01:00\n"
const detail = "D,E2E-1,DE89370400440532013000,2026-11-26,10.00,EUR,Widget GmbH,FR1420041010050500013M02606,,Inv 1\n"

// badInputs are the bad inputs the pipeline must reject with reasons, never crash on,
// never retry for ever.
func badInputs() []badInput {
	junk := make([]byte, 100<<20) // a hundred megabytes of junk
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range junk {
		junk[i] = byte(rnd.UintN(256))
	}
	return []badInput{
		{"empty.csv", "empty.csv", nil, []string{"EMPTY_FILE"}},
		{"header-only.csv", "header-only.csv", []byte(header), []string{"FORMAT"}},
		{"no-trailer.csv", "no-trailer.csv", []byte(header + detail), []string{"FORMAT"}},
		{"ragged.csv", "ragged.csv", []byte(header + "D,E2E-1,DE89370400440532013000,2026-11-26,10.00\n" + "T,1,10.00\n"), []string{"FORMAT"}},
		{"broken-quoting.csv", "broken-quoting.csv", []byte(header +
			"D,E2E-1,DE89370400440532013000,2026-11-26,10.00,EUR,\"Smith, Jones,FR1420041010050500013M02606,,x\n" + "T,1,10.00\n"), []string{"FORMAT"}},
		{"bom-bad-total.csv", "bom-bad-total.csv", []byte("\ufeff" + header + detail + "T,1,10.01\n"), []string{"CONTROL_TOTAL_MISMATCH"}},
		{"crlf-bad-iban.csv", "crlf-bad-iban.csv", bytes.ReplaceAll([]byte(header+
			"D,E2E-1,DE89370400440532013001,2026-11-26,10.00,EUR,W,FR1420041010050500013M02606,,x\n"+"T,1,10.00\n"), []byte("\n"), []byte("\r\n")), []string{"INVALID_IBAN"}},
		{"binary.csv", "binary.csv", []byte("\x00\x01\x02\xff\xfe\x89PNG\r\n\x1a\n"), []string{"FORMAT"}},
		{"invalid-utf8.csv", "invalid-utf8.csv", []byte(header +
			"D,E2E-1,DE89370400440532013000,2026-11-26,10.00,EUR,W\xffidget,FR1420041010050500013M02606,,x\n" + "T,1,10.00\n"), []string{"ENCODING"}},
		{"junk-100mb.bin", "junk-100mb.bin", junk, []string{"FILE_TOO_LARGE"}},
		{"nested/dir.csv", "nested_dir.csv", []byte(header + detail + "T,1,10.00\n"), []string{"INVALID_BLOB_NAME"}},
		{"pay ment;$(id).csv", "pay_ment___id_.csv", []byte(header + detail + "T,1,10.00\n"), []string{"INVALID_BLOB_NAME"}},
	}
}
