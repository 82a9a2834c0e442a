package paymentfile

import "testing"

func TestCheckIBAN(t *testing.T) {
	tests := []struct {
		iban string
		ok   bool
	}{
		{"DE89370400440532013000", true},
		{"FR1420041010050500013M02606", true},
		{"NL91ABNA0417164300", true},
		{"GB29NWBK60161331926819", true},
		{"BE68539007547034", true},
		{"NO9386011117947", true},
		{"MT84MALT011000012345MTLCAST001S", true},
		{"LC55HEMM000100010012001200023015", true},
		{"DE02120300000000202051", true},
		{"DE02500105170137075030", true},

		{"DE88370400440532013000", false},      // check digits
		{"FR1520041010050500013M02606", false}, // check digits
		{"NL91ABNA0417164301", false},          // a digit changed
		{"DE8937040044053201300", false},       // one short for DE
		{"DE893704004405320130000", false},     // one long for DE
		{"NL91ABNA04171643000", false},         // one long for NL
		{"XX89370400440532013000", false},      // no such country
		{"US64SVBKUS6S3300958879", false},      // no IBANs in the US
		{"IR062960000000100324200001", false},  // not in the registry
		{"de89370400440532013000", false},      // electronic form is capitals
		{"DE89 3704 0044 0532 0130 00", false}, // nor spaces
		{"DEAB370400440532013000", false},      // check digits not digits
		{"FR1420041010050500013m02606", false}, // lower case in the BBAN
		{"", false},
		{"DE", false},
		{"D", false},
		{"1234", false},
	}
	for _, tt := range tests {
		if problem := checkIBAN(tt.iban); (problem == "") != tt.ok {
			t.Errorf("checkIBAN(%q) = %q, want ok %v", tt.iban, problem, tt.ok)
		}
	}
}

func TestIBANLengths(t *testing.T) {
	if len(ibanLengths) != 89 {
		t.Errorf("%d countries, want the registry's 89", len(ibanLengths))
	}
	for cc, n := range ibanLengths {
		if n < 15 || n > 34 {
			t.Errorf("%s: length %d outside ISO 13616's 15-34", cc, n)
		}
		if got := ibanLength(cc); got != int(n) {
			t.Errorf("ibanLength(%s) = %d, want %d", cc, got, n)
		}
	}
}
