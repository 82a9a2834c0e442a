package blobname

import "testing"

func TestCheck(t *testing.T) {
	ok := []string{"pay.csv", "PAY-2026_11.csv", "a"}
	for _, n := range ok {
		if err := Check(n); err != nil {
			t.Errorf("Check(%q) = %v, want nil", n, err)
		}
	}
	bad := []string{"", ".hidden.csv", "sub/pay.csv", `..\x.csv`, "../../etc/passwd", "pay ment.csv",
		"pay;rm -rf.csv", "paÿ.csv", "=cmd.csv|x", string(make([]byte, 129))}
	for _, n := range bad {
		if err := Check(n); err == nil {
			t.Errorf("Check(%q) = nil, want an error", n)
		}
	}
}

func TestSafe(t *testing.T) {
	cases := map[string]string{
		"pay.csv":          "pay.csv",
		"../../etc/passwd": "_.._etc_passwd",
		".hidden":          "hidden",
		"sub/a b.csv":      "sub_a_b.csv",
		"":                 "unnamed",
		"...":              "unnamed",
	}
	for in, want := range cases {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
		if err := Check(Safe(in)); err != nil {
			t.Errorf("Check(Safe(%q)) = %v", in, err)
		}
	}
}
