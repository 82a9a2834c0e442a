package paymentfile

import (
	"strings"
	"testing"
)

// TestRules runs every field rule on good and bad values.
func TestRules(t *testing.T) {
	tests := []struct {
		name string
		rule rule
		ok   []string
		bad  []string
	}{
		{"sender_id", checkSenderID,
			[]string{"ACME-CORP", "A", "0", strings.Repeat("Z", 35)},
			[]string{"", "acme", "ACME_CORP", "ACME CORP", "ACME/CORP", strings.Repeat("Z", 36), "ÄCME"}},
		{"file_reference", checkFileReference,
			[]string{"PAY-2026-11-25-001", "pay-1", strings.Repeat("a", 35)},
			[]string{"", "PAY_1", "PAY/1", "PAY.1", strings.Repeat("a", 36)}},
		{"end_to_end_id", checkE2EID,
			[]string{"E2E-0001", "a/b-C", "A/B/C", strings.Repeat("e", 35)},
			[]string{"", "E2E 1", "E2E_1", "E2E.1", strings.Repeat("e", 36), "/", "/E2E", "E2E/", "E2E//1", "ü"}},
		{"created_at", checkCreatedAt,
			[]string{"2026-11-25T08:00:00+01:00", "2026-11-25T08:00:00Z", "2026-11-25T08:00:00.123-05:30"},
			[]string{"", "2026-11-25T08:00:00", "2026-11-25", "2026-11-25 08:00:00+01:00", "2026-13-25T08:00:00+01:00",
				"2026-11-25T25:00:00+01:00", "25.11.2026 08:00"}},
		{"execution_date", checkDate,
			[]string{"2026-11-26", "2028-02-29", "2000-02-29", "2026-12-31", "0001-01-01", "9999-12-31"},
			[]string{"", "2026-02-29", "2100-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10",
				"2026-01-00", "0000-01-01", "2026-1-01", "2026/11/26", "26-11-2026", "2026-11-26T00:00:00Z", "２026-11-26"}},
		{"currency", checkCurrency, []string{"EUR"}, []string{"", "eur", "USD", " EUR", "EURO"}},
		{"creditor_name", checkCreditorName,
			[]string{"A", "Smith, Jones & Co", strings.Repeat("ñ", 70), "日本語"},
			[]string{"", strings.Repeat("n", 71), "a\tb", "a\x00b", "a\u0085b", "a\x7fb"}},
		{"remittance_info", checkRemittanceInfo,
			[]string{"", "Invoice 4711", strings.Repeat("€", 140)},
			[]string{strings.Repeat("r", 141), "line\rbreak"}},
		{"creditor_bic", checkBIC,
			[]string{"", "BNPAFRPP", "BNPAFRPPXXX", "DEUTDEFF500", "ABNANL2A", "COBADEF1"},
			[]string{"BNPAFRP", "BNPAFRPPX", "BNPAFRPPXX", "BNPAFRPPXXXX", "bnpafrpp", "BNP1FRPP", "BNPAF1PP",
				"BNPAFRP-", "BNPAFRPP-XX", " BNPAFRPP"}},
		{"record_count", checkRecordCount,
			[]string{"0", "1", "02", "100000", strings.Repeat("9", 18)},
			[]string{"", "-1", "+1", "1.0", "two", " 1", strings.Repeat("9", 19)}},
	}
	for _, tt := range tests {
		for _, s := range tt.ok {
			if p := tt.rule(s); p != "" {
				t.Errorf("%s %q: %s, want ok", tt.name, s, p)
			}
		}
		for _, s := range tt.bad {
			if tt.rule(s) == "" {
				t.Errorf("%s %q: ok, want a problem", tt.name, s)
			}
		}
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" = invalid
	}{
		{"0.01", "0.01"},
		{"1", "1.00"},
		{"1.5", "1.50"},
		{"1250.00", "1250.00"},
		{"007.10", "7.10"},
		{"999999999.99", "999999999.99"},
		{"0.00", ""},
		{"0", ""},
		{"1000000000.00", ""},
		{"1000000000", ""},
		{"1.234", ""},
		{"1,50", ""},
		{"-1.00", ""},
		{"+1.00", ""},
		{"1e3", ""},
		{".50", ""},
		{"1.", ""},
		{"", ""},
		{" 1.00", ""},
		{"1 000.00", ""},
		{"NaN", ""},
		{"99999999999999999999", ""},
	}
	for _, tt := range tests {
		a, problem := parseAmount(tt.in)
		switch {
		case tt.want == "" && problem == "":
			t.Errorf("parseAmount(%q) = %s, want a problem", tt.in, a)
		case tt.want != "" && (problem != "" || a.String() != tt.want):
			t.Errorf("parseAmount(%q) = %s %q, want %s", tt.in, a, problem, tt.want)
		}
	}
}

func TestShow(t *testing.T) {
	long := strings.Repeat("ü", 30) // 60 bytes
	got := show(long)
	if !strings.HasSuffix(got, `…"`) || !strings.HasPrefix(got, `"üü`) || strings.Contains(got, `\x`) {
		t.Errorf("show cut a rune: %s", got)
	}
	if got := show("a\"b"); got != `"a\"b"` {
		t.Errorf("show = %s", got)
	}
}
