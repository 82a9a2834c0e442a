package paymentfile

import (
	"slices"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/mask"
)

// TestMaskKnowsTheMessages holds internal/mask to what this package writes: the fields it
// masks are detail fields, and once masked, no message about a bad IBAN, an account not
// registered, a creditor name or a remittance text still holds the value. A change of how
// messages quote values fails here, not in a log.
func TestMaskKnowsTheMessages(t *testing.T) {
	for _, f := range mask.Fields() {
		if !slices.Contains(detailFields, f) {
			t.Errorf("mask masks %q, which is no field of a detail record %v", f, detailFields)
		}
	}
	secrets := []string{"DE89370400440532013001", "DE02120300000000202051", "NL91ABNA041716430",
		"Widgets ☃ Ltd", "Invoice for Jane Doe"}
	_, vs := validate(t, spec(
		"E2E-0001,DE89370400440532013000", "E2E-0001,DE89370400440532013001", // check digits
		"E2E-0002,DE89370400440532013000", "E2E-0002,DE02120300000000202051", // inactive account
		"Widget Supplies GmbH", "Widgets ☃ Ltd", // no EPC conversion
		"NL91ABNA0417164300", "NL91ABNA041716430", // too short
		"Order 12", "Invoice for Jane Doe"+strings.Repeat(" x", 80), // too long
	))
	if len(vs) < 5 {
		t.Fatalf("want at least 5 violations, got %v", vs)
	}
	for _, v := range vs {
		masked := mask.Message(v.Field, v.Message)
		for _, s := range secrets {
			if strings.Contains(masked, s) {
				t.Errorf("%s line %d %s: masked message %q still holds %q", v.Code, v.Line, v.Field, masked, s)
			}
		}
	}
}
