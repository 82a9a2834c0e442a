package iban

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
		if problem := Check(tt.iban); (problem == "") != tt.ok {
			t.Errorf("Check(%q) = %q, want ok %v", tt.iban, problem, tt.ok)
		}
	}
}

func TestIBANLengths(t *testing.T) {
	if len(lengths) != 89 {
		t.Errorf("%d countries, want the registry's 89", len(lengths))
	}
	for cc, n := range lengths {
		if n < 15 || n > 34 {
			t.Errorf("%s: length %d outside ISO 13616's 15-34", cc, n)
		}
		if got := length(cc); got != int(n) {
			t.Errorf("length(%s) = %d, want %d", cc, got, n)
		}
	}
}

func TestReachableBySCT(t *testing.T) {
	for _, s := range []string{"DE89370400440532013000", "GB29NWBK60161331926819", "CH9300762011623852957",
		"AL47212110090000000235698741", "ME25505000012345678951", "MD24AG000225100013104168",
		"MK07250120000058984", "RS35260005601001611379", "GI75NWBK000000007099453"} {
		if !ReachableBySCT(s) || Check(s) != "" {
			t.Errorf("%s: not a valid IBAN reachable by SCT: %q", s, Check(s))
		}
	}
	for _, s := range []string{"TR330006100519786457841326", "AE070331234567890123456", "XK051212012345678906",
		"BA391290079401028494", "", "d"} {
		if ReachableBySCT(s) {
			t.Errorf("%q: reachable by SCT, want not", s)
		}
	}
	if len(sctScope) != 42 {
		t.Errorf("%d countries in the SCT scope, want 42 (EU 27, EEA 3, 7 others, 5 since 2024)", len(sctScope))
	}
	for cc := range sctScope {
		if lengths[cc] == 0 {
			t.Errorf("%s is in the SCT scope but has no IBAN length", cc)
		}
	}
}
