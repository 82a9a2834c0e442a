package paymentfile

import (
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/epc"
	"github.com/paychoreo/choreography/internal/epc/epctest"
)

// TestValidateCharacters: what File B carries must convert into the EPC basic set.
func TestValidateCharacters(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"names that convert", spec("Widget Supplies GmbH", "Müller & Söhne", `"Smith, Jones & Co"`, `"Smith, Jones & ""Partners"""`,
			"Invoice 4711", "Rechnung “Nr. 4711” – Zahlung"), nil},
		{"creditor_name CJK", spec("Widget Supplies GmbH", "山田太郎"), []string{"2 creditor_name UNSUPPORTED_CHARACTER"}},
		{"creditor_name Russian", spec("Widget Supplies GmbH", "Фёдоров"), []string{"2 creditor_name UNSUPPORTED_CHARACTER"}},
		{"creditor_name Bulgarian", spec("Widget Supplies GmbH", "Иван Петров ЕООД"), nil},
		{"remittance_info emoji", spec("Invoice 4711", "Invoice 4711 👍"), []string{"2 remittance_info UNSUPPORTED_CHARACTER"}},
		{"creditor_name too long and emoji", spec("Widget Supplies GmbH", strings.Repeat("n", 70)+"😀"),
			[]string{"2 creditor_name INVALID_CREDITOR_NAME", "2 creditor_name UNSUPPORTED_CHARACTER"}},
		{"creditor_name tab and emoji", spec("Widget Supplies GmbH", "Widget\t😀"),
			[]string{"2 creditor_name INVALID_CREDITOR_NAME", "2 creditor_name UNSUPPORTED_CHARACTER"}},
		{"creditor_name tab alone", spec("Widget Supplies GmbH", "Widget\tSupplies"), []string{"2 creditor_name INVALID_CREDITOR_NAME"}},
		{"creditor_name 70 once converted", spec("Widget Supplies GmbH", strings.Repeat("ß", 35)), nil},
		{"creditor_name 72 once converted", spec("Widget Supplies GmbH", strings.Repeat("ß", 36)), []string{"2 creditor_name INVALID_CREDITOR_NAME"}},
		{"remittance_info 141 once converted", spec("Invoice 4711", strings.Repeat("r", 139)+"Æ"), []string{"2 remittance_info INVALID_REMITTANCE_INFO"}},
		{"end_to_end_id emoji", spec("E2E-0001", "E2E-😀"), []string{"2 end_to_end_id UNSUPPORTED_CHARACTER"}},
		{"end_to_end_id umlaut", spec("E2E-0001", "E2E-Ü"), []string{"2 end_to_end_id INVALID_E2E_ID"}},
		{"end_to_end_id tab", spec("E2E-0001", "E2E\t1"), []string{"2 end_to_end_id INVALID_E2E_ID"}},
		{"end_to_end_id leading slash", spec("E2E-0001", "/E2E-0001"), []string{"2 end_to_end_id INVALID_E2E_ID"}},
		{"end_to_end_id trailing slash", spec("E2E-0001", "E2E-0001/"), []string{"2 end_to_end_id INVALID_E2E_ID"}},
		{"end_to_end_id double slash", spec("E2E-0001", "E2E//0001"), []string{"2 end_to_end_id INVALID_E2E_ID"}},
		{"end_to_end_id inner slashes", spec("E2E-0001", "E2E/00/01"), nil},
		{"sender_id CJK", spec("ACME-CORP", "中文"), []string{"1 sender_id UNSUPPORTED_CHARACTER"}},
		{"file_reference emoji", spec("PAY-2026-11-25-001", "PAY-🍕"), []string{"1 file_reference UNSUPPORTED_CHARACTER"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, vs := validate(t, tt.in)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if got := keys(vs); !slices.Equal(got, want) {
				t.Errorf("violations\n got %q\nwant %q\n%+v", got, want, vs)
			}
		})
	}
}

// The message names each character without a conversion, once, with its code point,
// and the converted length when conversion makes a text too long.
func TestValidateCharacterMessages(t *testing.T) {
	tests := []struct{ in, want string }{
		{spec("Widget Supplies GmbH", "Pizza 🍕🍕 GmbH"), `creditor_name "Pizza 🍕🍕 GmbH": '🍕' (U+1F355) has no conversion into the EPC basic character set`},
		{spec("Widget Supplies GmbH", "a\u200bb✓"), `'\u200b' (U+200B), '✓' (U+2713) have no conversion`},
		{spec("Widget Supplies GmbH", "一二三四五六七八九十"), `'八' (U+516B), and 2 more have`},
		{spec("Widget Supplies GmbH", strings.Repeat("ß", 36)), "is 72 characters once converted into the EPC basic character set (docs/epc-charset.md), over 70"},
		{spec("E2E-0001", "/E2E"), `end_to_end_id "/E2E": must not start or end with /`},
		{spec("E2E-0001", "E2E//1"), `end_to_end_id "E2E//1": must not contain //`},
	}
	for _, tt := range tests {
		_, vs := validate(t, tt.in)
		if len(vs) != 1 || !strings.Contains(vs[0].Message, tt.want) {
			t.Errorf("violations %+v\nwant one saying %q", vs, tt.want)
		}
	}
}

// TestValidateCorpus puts every name of the corpus into a file, as creditor_name and as
// remittance_info: one that converts is accepted; one that does not is rejected on its
// line and fields, UNSUPPORTED_CHARACTER naming each character (control characters are
// INVALID_CREDITOR_NAME / INVALID_REMITTANCE_INFO, as before).
func TestValidateCorpus(t *testing.T) {
	for _, c := range epctest.Corpus(t) {
		if strings.ContainsAny(c.Input, "\r\n") {
			continue // a CSV field cannot span lines: FORMAT, tested elsewhere
		}
		_, vs := validate(t, corpusFile(t, c.Input))
		var want []string
		if slices.ContainsFunc(c.Bad, control) {
			want = append(want, "2 creditor_name INVALID_CREDITOR_NAME", "2 remittance_info INVALID_REMITTANCE_INFO")
		}
		if slices.ContainsFunc(c.Bad, func(r rune) bool { return !control(r) }) {
			want = append(want, "2 creditor_name UNSUPPORTED_CHARACTER", "2 remittance_info UNSUPPORTED_CHARACTER")
		}
		slices.Sort(want)
		if got := keys(vs); !slices.Equal(got, want) {
			t.Errorf("%s: violations\n got %q\nwant %q", c, got, want)
		}
		for _, v := range vs {
			if v.EndToEndID != "E2E-1" {
				t.Errorf("%s: %+v does not name its end_to_end_id", c, v)
			}
			if v.Code != CodeUnsupportedCharacter {
				continue
			}
			for _, r := range c.Bad {
				if !control(r) && !strings.Contains(v.Message, epc.Describe(r)) {
					t.Errorf("%s: %q does not name %s", c, v.Message, epc.Describe(r))
				}
			}
		}
	}
}

// corpusFile is a valid file but for one payment whose name and remittance are text.
func corpusFile(t *testing.T, text string) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write([]string{"H", "ACME-CORP", "CORPUS-1", "2026-11-25T08:00:00+01:00"})
	w.Write([]string{"D", "E2E-1", "DE89370400440532013000", "2026-11-26", "1.00", "EUR", text, "FR1420041010050500013M02606", "", text})
	w.Write([]string{"T", "1", "1.00"})
	w.Flush()
	if w.Error() != nil {
		t.Fatal(w.Error())
	}
	return b.String()
}

// Every violation of a detail line whose end_to_end_id is valid names that id; none
// other does.
func TestViolationsNameEndToEndID(t *testing.T) {
	in := "H,ACME-CORP,PAY_1,2026-11-25T08:00:00+01:00\n" +
		"D,E2E-1,DE89370400440532013000,2026-11-26,abc,EUR,Widget 😀,FR1420041010050500013M02606,,x\n" +
		"D,E2E 2,DE89370400440532013000,2026-11-26,1.00,EUR,W,FR1420041010050500013M02606,,x\n" +
		"D,E2E-1,DE89370400440532013000,2026-11-26,1.00,USD,W,FR1420041010050500013M02606,,x\n" +
		"D,E2E-4,DE89370400440532013000\n" +
		"T,9,2.00\n" +
		"D,E2E-6,DE89370400440532013000,2026-11-26,1.00,EUR,W,FR1420041010050500013M02606,,x\n"
	_, vs := validate(t, in)
	want := map[string]string{
		"1 file_reference INVALID_FILE_REFERENCE": "",
		"2 amount INVALID_AMOUNT":                 "E2E-1",
		"2 creditor_name UNSUPPORTED_CHARACTER":   "E2E-1",
		"3 end_to_end_id INVALID_E2E_ID":          "",
		"4 end_to_end_id DUPLICATE_E2E_ID":        "E2E-1",
		"4 currency INVALID_CURRENCY":             "E2E-1",
		"5 record FORMAT":                         "", // fields unreadable: wrong count
		"6 record_count RECORD_COUNT_MISMATCH":    "",
		"7 record FORMAT":                         "E2E-6", // after the trailer
	}
	got := map[string]string{}
	for _, v := range vs {
		got[keys([]Violation{v})[0]] = v.EndToEndID
	}
	for k, e2e := range want {
		if g, ok := got[k]; !ok || g != e2e {
			t.Errorf("%s: end_to_end_id %q (found %v), want %q", k, g, ok, e2e)
		}
	}
	if len(got) != len(want) {
		t.Errorf("violations %v, want those of %v", got, want)
	}
}
