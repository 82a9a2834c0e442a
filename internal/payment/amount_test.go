package payment

import "testing"

func TestParseAmount(t *testing.T) {
	good := map[string]Amount{"0.01": 1, "1": 100, "1.5": 150, "1250.00": 125000, "999999999.99": 99999999999, "007.10": 710}
	for s, want := range good {
		if got, err := ParseAmount(s); err != nil || got != want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"", ".5", "1.", "1.234", "-1", "+1", "1e3", "1,00", " 1", "0x10", "1.2.3", "１"} {
		if _, err := ParseAmount(s); err == nil {
			t.Errorf("ParseAmount(%q) accepted", s)
		}
	}
}

// FuzzParseAmount: an accepted amount prints back to text that parses to the same
// value; no input panics.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1250.00", "0.01", "99.9", "1.234", "-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil {
			return
		}
		b, err := ParseAmount(a.String())
		if err != nil || a != b {
			t.Fatalf("%q -> %s -> %d, %v", s, a, b, err)
		}
	})
}
