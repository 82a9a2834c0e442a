package paymentfile

import (
	"slices"
	"strings"
	"testing"
)

func TestValidateSpecExample(t *testing.T) {
	f, _ := validate(t, specExample)
	if f.Sender.ID != "ACME-CORP" || f.Sender.Name != "ACME Corporation" {
		t.Errorf("sender = %+v", f.Sender)
	}
	if f.FileReference != "PAY-2026-11-25-001" || f.CreatedAt != "2026-11-25T08:00:00+01:00" {
		t.Errorf("header = %q %q", f.FileReference, f.CreatedAt)
	}
	if f.ControlSum.String() != "1349.95" || len(f.Payments) != 2 {
		t.Fatalf("control sum %s, %d payments", f.ControlSum, len(f.Payments))
	}
	p := f.Payments[1]
	if p.Line != 3 || p.EndToEndID != "E2E-0002" || p.CreditorName != "Smith, Jones & Co" ||
		p.CreditorBIC != "" || p.Amount.String() != "99.95" || p.RemittanceInfo != "Order 12" {
		t.Errorf("second payment = %+v", p)
	}
}

// TestValidateRules covers every rule of the spec on a variation of its example.
// Each case wants exactly the listed "LINE FIELD CODE"s.
func TestValidateRules(t *testing.T) {
	crlf := strings.ReplaceAll(specExample, "\n", "\r\n")
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"spec example", specExample, nil},
		{"BOM", "\xEF\xBB\xBF" + specExample, nil},
		{"CRLF", crlf, nil},
		{"no final newline", strings.TrimSuffix(specExample, "\n"), nil},
		{"quoted fields", spec("Widget Supplies GmbH", `"The ""Best"", Widgets"`, "D,E2E-0001", `"D","E2E-0001"`), nil},
		{"quoted empty BIC", spec("NL91ABNA0417164300,,", `NL91ABNA0417164300,"",`), nil},
		{"Z offset", spec("+01:00", "Z"), nil},
		{"leap day", spec("2026-11-26", "2028-02-29"), nil},
		{"amount without fraction", spec("1250.00", "1250", "1349.95", "1349.95"), nil},
		{"BIC 11", spec("BNPAFRPP", "BNPAFRPPXXX"), nil},
		{"control sum one decimal", spec("1250.00", "1250.05", "T,2,1349.95", "T,2,1350"), nil},

		{"empty", "", []string{"0 file EMPTY_FILE"}},
		{"BOM only", "\xEF\xBB\xBF", []string{"0 file EMPTY_FILE"}},
		{"newlines only", "\n\r\n\n", []string{"0 file EMPTY_FILE"}},
		{"blank line", spec("\nD,E2E-0002", "\n\nD,E2E-0002"), []string{"3 record FORMAT"}},
		{"two final newlines", specExample + "\n", []string{"5 record FORMAT"}},
		{"CRLF blank line", crlf + "\r\n", []string{"5 record FORMAT"}},
		{"CR alone ends no line", strings.ReplaceAll(specExample, "\n", "\r"),
			[]string{"0 record FORMAT", "0 record FORMAT", "1 record FORMAT"}},
		{"header only", "H,ACME-CORP,PAY-1,2026-11-25T08:00:00+01:00\n", []string{"0 record FORMAT", "0 record FORMAT"}},
		{"no trailer", spec("T,2,1349.95\n", ""), []string{"0 record FORMAT"}},
		{"no header", spec("H,ACME-CORP,PAY-2026-11-25-001,2026-11-25T08:00:00+01:00\n", ""), []string{"0 record FORMAT"}},
		{"no details", "H,ACME-CORP,PAY-1,2026-11-25T08:00:00+01:00\nT,0,0\n", []string{"0 record FORMAT"}},
		{"second header", spec("T,2", "H,ACME-CORP,PAY-2,2026-11-25T08:00:00+01:00\nT,2"), []string{"4 record FORMAT"}},
		{"second trailer", specExample + "T,2,1349.95\n", []string{"5 record FORMAT"}},
		{"detail after trailer", spec("T,2,1349.95\n", "") + "T,2,1349.95\nD,E2E-0003,DE89370400440532013000,2026-11-26,1.00,EUR,X,NL91ABNA0417164300,,\n",
			[]string{"4 record_count RECORD_COUNT_MISMATCH", "4 control_sum CONTROL_TOTAL_MISMATCH", "5 record FORMAT"}},
		{"unknown record type", spec("T,2", "X,1\nT,2"), []string{"4 record FORMAT"}},
		{"lower-case record type", spec("T,2", "t,2"), []string{"4 record FORMAT", "0 record FORMAT"}},
		{"header field count", spec("2026-11-25T08:00:00+01:00", "2026-11-25T08:00:00+01:00,x"), []string{"1 record FORMAT"}},
		{"detail field count", spec(",Order 12", ""), []string{"3 record FORMAT"}},
		{"trailer field count", spec("T,2,1349.95", "T,2"), []string{"4 record FORMAT"}},
		{"unclosed quote", spec(`"Smith, Jones & Co"`, `"Smith, Jones & Co`), []string{"3 record FORMAT"}},
		{"text after quote", spec(`"Smith, Jones & Co"`, `"Smith" Jones`), []string{"3 record FORMAT"}},
		{"quote in plain field", spec(`"Smith, Jones & Co"`, `Smith "Jones"`), []string{"3 record FORMAT"}},
		{"newline in quotes", spec(`"Smith, Jones & Co"`, "\"Smith\nJones\""), []string{"3 record FORMAT", "4 record FORMAT"}},
		{"line too long", spec("Order 12", strings.Repeat("x", maxLineBytes)), []string{"3 record FORMAT"}},

		{"invalid UTF-8 in a field", spec("Widget", "W\xffidget"), []string{"2 creditor_name ENCODING"}},
		{"invalid UTF-8 in a broken line", spec("Widget Supplies GmbH", "W\xffidget\""), []string{"2 record ENCODING", "2 record FORMAT"}},
		{"invalid UTF-8 in the record type", spec("T,2", "\xfeT,2"), []string{"4 record ENCODING", "4 record FORMAT", "0 record FORMAT"}},

		{"sender_id lower case", spec("ACME-CORP", "acme-corp"), []string{"1 sender_id INVALID_SENDER_ID"}},
		{"sender_id too long", spec("ACME-CORP", strings.Repeat("A", 36)), []string{"1 sender_id INVALID_SENDER_ID"}},
		{"unknown sender", spec("ACME-CORP", "NOBODY"), []string{"1 sender_id UNKNOWN_SENDER"}},
		{"inactive sender", spec("ACME-CORP", "SLEEPY-LTD", "DE89370400440532013000", "DE02500105170137075030", "DE89370400440532013000", "DE02500105170137075030"),
			[]string{"1 sender_id SENDER_INACTIVE"}},
		{"inactive sender, foreign account", spec("ACME-CORP", "SLEEPY-LTD"),
			[]string{"1 sender_id SENDER_INACTIVE", "2 debtor_iban ACCOUNT_NOT_ALLOWED", "3 debtor_iban ACCOUNT_NOT_ALLOWED"}},
		{"file_reference underscore", spec("PAY-2026-11-25-001", "PAY_1"), []string{"1 file_reference INVALID_FILE_REFERENCE"}},
		{"file_reference empty", spec("PAY-2026-11-25-001", ""), []string{"1 file_reference INVALID_FILE_REFERENCE"}},
		{"created_at without offset", spec("+01:00", ""), []string{"1 created_at INVALID_CREATED_AT"}},
		{"created_at date only", spec("2026-11-25T08:00:00+01:00", "2026-11-25"), []string{"1 created_at INVALID_CREATED_AT"}},
		{"header broken, details still checked", spec("ACME-CORP", "", "99.95", "99.999"),
			[]string{"1 sender_id INVALID_SENDER_ID", "3 amount INVALID_AMOUNT"}},

		{"e2e empty", spec("E2E-0001", ""), []string{"2 end_to_end_id INVALID_E2E_ID"}},
		{"e2e space", spec("E2E-0001", "E2E 0001"), []string{"2 end_to_end_id INVALID_E2E_ID"}},
		{"e2e too long", spec("E2E-0001", strings.Repeat("e", 36)), []string{"2 end_to_end_id INVALID_E2E_ID"}},
		{"e2e slash and 35 characters", spec("E2E-0001", "A/"+strings.Repeat("e", 33)), nil},
		{"duplicate e2e", spec("E2E-0002", "E2E-0001"), []string{"3 end_to_end_id DUPLICATE_E2E_ID"}},
		{"e2e differing in case only", spec("E2E-0002", "e2e-0001"), nil},
		{"debtor check digits", spec("DE89370400440532013000", "DE88370400440532013000"), []string{"2 debtor_iban INVALID_IBAN"}},
		{"debtor length", spec("DE89370400440532013000", "DE8937040044053201300"), []string{"2 debtor_iban INVALID_IBAN"}},
		{"debtor country", spec("DE89370400440532013000", "XX89370400440532013000"), []string{"2 debtor_iban INVALID_IBAN"}},
		{"debtor lower case", spec("DE89370400440532013000", "de89370400440532013000"), []string{"2 debtor_iban INVALID_IBAN"}},
		{"debtor not registered", spec("DE89370400440532013000", "GB29NWBK60161331926819"), []string{"2 debtor_iban ACCOUNT_NOT_ALLOWED"}},
		{"debtor inactive", spec("DE89370400440532013000", "DE02120300000000202051"), []string{"2 debtor_iban ACCOUNT_NOT_ALLOWED"}},
		{"execution_date 30 Feb", spec("2026-11-26", "2026-02-30"), []string{"2 execution_date INVALID_DATE"}},
		{"execution_date 29 Feb 2100", spec("2026-11-26", "2100-02-29"), []string{"2 execution_date INVALID_DATE"}},
		{"execution_date dotted", spec("2026-11-26", "26.11.2026"), []string{"2 execution_date INVALID_DATE"}},
		{"amount three decimals", spec("99.95", "99.955"), []string{"3 amount INVALID_AMOUNT"}},
		{"amount zero", spec("1250.00", "0.00"), []string{"2 amount INVALID_AMOUNT"}},
		{"amount too large", spec("1250.00", "1000000000.00"), []string{"2 amount INVALID_AMOUNT"}},
		{"amount maximum", spec("1250.00", "999999999.99", "1349.95", "1000000099.94"), []string{"0 control_sum LIMIT_EXCEEDED"}},
		{"amount decimal comma", spec("1250.00", `"1250,00"`), []string{"2 amount INVALID_AMOUNT"}},
		{"currency USD", spec("EUR", "USD"), []string{"2 currency INVALID_CURRENCY"}},
		{"currency lower case", spec("EUR", "eur"), []string{"2 currency INVALID_CURRENCY"}},
		{"creditor_name empty", spec("Widget Supplies GmbH", ""), []string{"2 creditor_name INVALID_CREDITOR_NAME"}},
		{"creditor_name 70 runes", spec("Widget Supplies GmbH", strings.Repeat("é", 70)), nil},
		{"creditor_name 71 runes", spec("Widget Supplies GmbH", strings.Repeat("é", 71)), []string{"2 creditor_name INVALID_CREDITOR_NAME"}},
		{"creditor_name tab", spec("Widget Supplies", "Widget\tSupplies"), []string{"2 creditor_name INVALID_CREDITOR_NAME"}},
		{"remittance_info 140", spec("Invoice 4711", strings.Repeat("r", 140)), nil},
		{"remittance_info 141", spec("Invoice 4711", strings.Repeat("r", 141)), []string{"2 remittance_info INVALID_REMITTANCE_INFO"}},
		{"remittance_info empty", spec(",Invoice 4711", ","), nil},
		{"creditor_iban check digits", spec("NL91ABNA0417164300", "NL92ABNA0417164300"), []string{"3 creditor_iban INVALID_IBAN"}},
		{"creditor_iban empty", spec("NL91ABNA0417164300", ""), []string{"3 creditor_iban INVALID_IBAN"}},
		{"BIC 9 characters", spec("BNPAFRPP", "BNPAFRPPX"), []string{"2 creditor_bic INVALID_BIC"}},
		{"BIC lower case", spec("BNPAFRPP", "bnpafrpp"), []string{"2 creditor_bic INVALID_BIC"}},

		{"record_count mismatch", spec("T,2,", "T,3,"), []string{"4 record_count RECORD_COUNT_MISMATCH"}},
		{"record_count not a number", spec("T,2,", "T,two,"), []string{"4 record_count INVALID_RECORD_COUNT"}},
		{"control_sum mismatch", spec("1349.95", "1349.96"), []string{"4 control_sum CONTROL_TOTAL_MISMATCH"}},
		{"control_sum invalid", spec("1349.95", "1349.950"), []string{"4 control_sum INVALID_AMOUNT"}},
		{"control_sum not checked over a bad amount", spec("99.95", "abc"), []string{"3 amount INVALID_AMOUNT"}},
		{"over the limit", spec("1250.00", "600000.00", "99.95", "400000.01", "1349.95", "1000000.01"), []string{"0 control_sum LIMIT_EXCEEDED"}},
		{"at the limit", spec("1250.00", "600000.00", "99.95", "400000.00", "1349.95", "1000000.00"), nil},
		{"every field of a line", spec("E2E-0002,DE89370400440532013000,2026-11-26,99.95,EUR", "E2E 2,DE00,2026-13-01,1.234,GBP"),
			[]string{"3 end_to_end_id INVALID_E2E_ID", "3 debtor_iban INVALID_IBAN", "3 execution_date INVALID_DATE", "3 amount INVALID_AMOUNT", "3 currency INVALID_CURRENCY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, vs := validate(t, tt.in)
			got := keys(vs)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("violations\n got %q\nwant %q\n%+v", got, want, vs)
			}
			if f != nil && f.ControlSum != sumOf(f.Payments) {
				t.Errorf("control sum %s, payments add up to %s", f.ControlSum, sumOf(f.Payments))
			}
		})
	}
}
