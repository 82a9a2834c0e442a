package refdata

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/testsupport"
)

func TestSampleTableIsValid(t *testing.T) {
	f, err := os.Open(testsupport.Path(t, "refdata/sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if tab, err := ReadTable(f); err != nil || len(tab.Senders) != 3 {
		t.Fatalf("refdata/sample.json: %v", err)
	}
}

// refusal reads a table and returns its reasons, failing unless it is refused.
func refusal(t *testing.T, raw string) []string {
	t.Helper()
	_, err := ReadTable(strings.NewReader(raw))
	var r *Refusal
	if !errors.As(err, &r) {
		t.Fatalf("table not refused (%v):\n%s", err, raw)
	}
	return r.Reasons
}

func TestBadTableIsRefusedWithEveryReason(t *testing.T) {
	reasons := refusal(t, `{"senders": [
	  {"id": "A", "name": "A", "active": true, "max_file_amount": "10.00",
	   "accounts": [{"iban": "DE88370400440532013000", "active": true}]},
	  {"id": "A", "name": "A again", "active": true, "max_file_amount": "10.00",
	   "accounts": [{"iban": "DE02120300000000202051", "active": true}]},
	  {"id": "T", "name": "Turkish account", "active": true, "max_file_amount": "10.00",
	   "accounts": [{"iban": "TR330006100519786457841326", "active": true}]}]}`)
	want := []string{
		`sender A: account "DE88370400440532013000" is not a valid IBAN: check digits do not match (mod 97)`,
		"sender A appears twice (senders 1 and 2)",
		"sender T: account TR330006100519786457841326 is not reachable by SEPA credit transfer (TR is outside the SCT scheme's countries)",
	}
	if strings.Join(reasons, "\n") != strings.Join(want, "\n") {
		t.Errorf("reasons:\n%s\nwant:\n%s", strings.Join(reasons, "\n"), strings.Join(want, "\n"))
	}
}

func TestCheckRules(t *testing.T) {
	const acc = `"accounts": [{"iban": "DE89370400440532013000", "active": true}]`
	tests := []struct{ name, table, reason string }{
		{"no senders", `{"senders": []}`, "no senders"},
		{"unknown field", `{"senders": [], "extra": 1}`, `unknown field "extra"`},
		{"no id", `{"senders": [{"max_file_amount": "1", ` + acc + `}]}`, "sender 1 has no id"},
		{"no accounts", `{"senders": [{"id": "A", "max_file_amount": "1", "accounts": []}]}`, "sender A has no accounts"},
		{"no limit", `{"senders": [{"id": "A", ` + acc + `}]}`, "sender A: max_file_amount must be above 0"},
		{"version", `{"senders": [{"id": "A", "max_file_amount": "1", "version": "v9", ` + acc + `}]}`, `version "v9" is given by choreo refdata apply`},
		{"lower case IBAN", `{"senders": [{"id": "A", "max_file_amount": "1", "accounts": [{"iban": "de89370400440532013000"}]}]}`, "not a valid IBAN: must start with a two-letter country code"},
		{"account twice", `{"senders": [{"id": "A", "max_file_amount": "1", "accounts": [{"iban": "DE89370400440532013000"}, {"iban": "DE89370400440532013000"}]}]}`,
			"sender A lists account DE89370400440532013000 twice"},
		{"name outside EPC", `{"senders": [{"id": "A", "name": "Acme 株式会社", "max_file_amount": "1", ` + acc + `}]}`, `name holds '株' (U+682A), '式' (U+5F0F), '会' (U+4F1A), '社' (U+793E), outside the EPC character set`},
		{"account of two senders", `{"senders": [{"id": "A", "max_file_amount": "1", ` + acc + `}, {"id": "B", "max_file_amount": "1", ` + acc + `}]}`,
			"account DE89370400440532013000 is active under both A and B"},
	}
	for _, tt := range tests {
		reasons := refusal(t, tt.table)
		if len(reasons) != 1 || !strings.Contains(reasons[0], tt.reason) {
			t.Errorf("%s: reasons %q, want one with %q", tt.name, reasons, tt.reason)
		}
	}
	// An account may move: inactive under one sender, active under another.
	moved := `{"senders": [{"id": "A", "max_file_amount": "1", "accounts": [{"iban": "DE89370400440532013000", "active": false}, {"iban": "DE02120300000000202051", "active": true}]},
	  {"id": "B", "max_file_amount": "1", ` + acc + `}]}`
	if _, err := ReadTable(strings.NewReader(moved)); err != nil {
		t.Errorf("an account inactive under A and active under B: %v", err)
	}
}
