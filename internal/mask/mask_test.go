package mask

import (
	"strings"
	"testing"
)

func TestIBAN(t *testing.T) {
	for in, want := range map[string]string{
		"DE89370400440532013000":      "DE89…3000",
		"DE89 3704 0044 0532 0130 00": "DE89…3000", // printed form
		"FR1420041010050500013M02606": "FR14…2606",
		"NO9386011117947":             "NO93…7947", // the shortest IBAN: 7 hidden
		"DE8937040":                   "DE…40",     // never more shown than hidden
		"DE89":                        "…",
		"":                            "…",
	} {
		if got := IBAN(in); got != want {
			t.Errorf("IBAN(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestName(t *testing.T) {
	for in, want := range map[string]string{"Widget Supplies GmbH": "W…", "Ωmega": "Ω…", "": ""} {
		if got := Name(in); got != want {
			t.Errorf("Name(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"pay DE89370400440532013000 now":            "pay DE89…3000 now",
		"to DE89 3704 0044 0532 0130 00, then":      "to DE89…3000, then",
		"NL91ABNA0417164300 and BE68539007547034":   "NL91…4300 and BE68…7034",
		"trace 4bf92f3577b34da6a3ce929d0e0e4736 ok": "trace 4bf92f3577b34da6a3ce929d0e0e4736 ok", // lowercase ids stay
		"file f-69c66299f42987bb70f68e4f":           "file f-69c66299f42987bb70f68e4f",
		"ACME-CORP/PAY-2026-11-25-002 E2E-0001":     "ACME-CORP/PAY-2026-11-25-002 E2E-0001",
		"BIC BNPAFRPP, sender GLOBEX-LTD, 1349.95":  "BIC BNPAFRPP, sender GLOBEX-LTD, 1349.95",
		`"debtor_iban":"DE89370400440532013001"}`:   `"debtor_iban":"DE89…3001"}`,
		"account:DE89370400440532013000.":           "account:DE89…3000.",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMessage(t *testing.T) {
	for _, c := range []struct{ field, in, want string }{
		{"debtor_iban", `debtor_iban "DE89370400440532013001": check digits do not match (mod 97)`,
			`debtor_iban "DE89…3001": check digits do not match (mod 97)`},
		{"debtor_iban", `debtor_iban "de89370400440532013000": must start with a two-letter country code`,
			`debtor_iban "de89…3000": must start with a two-letter country code`},
		{"debtor_iban", `debtor_iban "FR1420041010050500013M02606" is not registered to sender ACME-CORP`,
			`debtor_iban "FR14…2606" is not registered to sender ACME-CORP`},
		{"creditor_name", `creditor_name "Ωmega \"Widgets\" Ltd": 'Ω' has no conversion into the EPC basic character set`,
			`creditor_name "Ω…": 'Ω' has no conversion into the EPC basic character set`},
		{"remittance_info", `remittance_info "Invoice 4711 for Jane Doe, a very long tex…" is 150 characters`,
			`remittance_info "I…" is 150 characters`},
		{"debtor_iban", `debtor_iban is not valid UTF-8`, `debtor_iban is not valid UTF-8`},
		{"amount", `amount "99.955": must be a plain decimal`, `amount "99.955": must be a plain decimal`},
		{"file", `control sum 1349.95 for DE89370400440532013000`, `control sum 1349.95 for DE89…3000`},
	} {
		if got := Message(c.field, c.in); got != c.want {
			t.Errorf("Message(%s, %q)\n = %q\nwant %q", c.field, c.in, got, c.want)
		}
	}
}

func TestJSON(t *testing.T) {
	in := `{"file_id":"f-1","violation_count":2,"control_sum":1349.95,"violations":[` +
		`{"line":2,"field":"creditor_name","code":"UNSUPPORTED_CHARACTER","message":"creditor_name \"Ωmega Ltd\": 'Ω' has no conversion"},` +
		`{"line":3,"field":"debtor_iban","code":"INVALID_IBAN","message":"debtor_iban \"DE89370400440532013001\": check digits"}],` +
		`"note":"Smith, Jones & Co paid from DE89370400440532013000"}`
	got := string(JSON([]byte(in)))
	for _, leak := range []string{"Ωmega Ltd", "DE89370400440532013001", "DE89370400440532013000"} {
		if strings.Contains(got, leak) {
			t.Errorf("JSON kept %q: %s", leak, got)
		}
	}
	for _, want := range []string{`"Ω…`, `DE89…3001`, `DE89…3000`, `"control_sum":1349.95`, `"file_id":"f-1"`, `Smith, Jones & Co`} {
		if !strings.Contains(got, want) {
			t.Errorf("JSON lacks %q: %s", want, got)
		}
	}
	if got := string(JSON([]byte(`{"blob":"DE89370400440532013000.csv","n":"DE89370400440532013000"}`), "blob")); got != `{"blob":"DE89370400440532013000.csv","n":"DE89…3000"}` {
		t.Errorf("JSON with a key kept = %s", got)
	}
	if got := string(JSON([]byte("not json DE89370400440532013000"))); got != "not json DE89…3000" {
		t.Errorf("JSON of a non-JSON payload = %q", got)
	}
}
