package validation

import "testing"

func TestHeaderOnly(t *testing.T) {
	f := HeaderOnly([]byte("\ufeffH,ACME-CORP,PAY-1,2026-11-25T08:00:00Z\r\nD,..."))
	if f == nil || f.Sender.ID != "ACME-CORP" || f.FileReference != "PAY-1" {
		t.Errorf("got %+v", f)
	}
	for _, bad := range []string{"", "\x00\x01", "D,x,y", "H,acme,REF", "H,ACME,=cmd()", "H,ACME"} {
		if f := HeaderOnly([]byte(bad)); f != nil {
			t.Errorf("%q: %+v, want nothing", bad, f)
		}
	}
}
