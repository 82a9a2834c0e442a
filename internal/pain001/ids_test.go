package pain001

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFileName(t *testing.T) {
	tests := []struct{ sender, ref, want string }{
		{"ACME-CORP", "PAY-2026-11-25-001", "pain001_ACME-CORP_PAY-2026-11-25-001.xml"},
		{"ACME", "lower-Case-9", "pain001_ACME_lower-Case-9.xml"},
		{"../ETC", "a/b\\c", "pain001____ETC_a_b_c.xml"},
		{"ÄCME", "x y_z.xml", "pain001__CME_x_y_z_xml.xml"}, // one '_' per character, not per byte
	}
	for _, tt := range tests {
		if got := FileName(tt.sender, tt.ref); got != tt.want {
			t.Errorf("FileName(%q, %q) = %q, want %q", tt.sender, tt.ref, got, tt.want)
		}
	}
}

// The hashes are pinned (cross-checked with Python's hashlib and base64): MsgId must
// never change for the same input, or a retried file would get a new message id.
func TestMsgID(t *testing.T) {
	s35, r35 := strings.Repeat("S", 35), strings.Repeat("r", 35)
	tests := []struct{ sender, ref, want string }{
		{"ACME-CORP", "PAY-2026-11-25-001", "ACME-CORP/PAY-2026-11-25-001"},
		{"A", strings.Repeat("r", 33), "A/" + strings.Repeat("r", 33)}, // exactly 35: kept whole
		{"AB", strings.Repeat("r", 33), "AB/rrrrrrrrrrrrrrrrrrr.RENNERPRRK7B"},
		{s35, r35, s35[:22] + ".VDENEFI475NY"},
	}
	for _, tt := range tests {
		if got := MsgID(tt.sender, tt.ref); got != tt.want {
			t.Errorf("MsgID(%q, %q) = %q, want %q", tt.sender, tt.ref, got, tt.want)
		}
	}
}

// Long pairs that differ only past the readable prefix still get distinct ids, all
// of exactly 35 characters, and none equals a whole "SENDER/REF" form.
func TestMsgIDShortFormsDoNotCollide(t *testing.T) {
	seen := map[string]string{}
	for i := range 20000 {
		ref := "PAY-2026-11-25-" + strconv.Itoa(i)
		id := MsgID("VERY-LONG-SENDER-ID-0000001", ref)
		if utf8.RuneCountInString(id) != 35 || !strings.Contains(id, ".") {
			t.Fatalf("MsgID for %q = %q: want 35 characters with a '.'", ref, id)
		}
		if other, ok := seen[id]; ok {
			t.Fatalf("%q and %q both give %q", other, ref, id)
		}
		seen[id] = ref
	}
}

func TestPmtInfID(t *testing.T) {
	long := MsgID(strings.Repeat("S", 35), strings.Repeat("r", 35))
	tests := []struct {
		msgID string
		i     int
		want  string
	}{
		{"ACME-CORP/PAY-2026-11-25-001", 0, "ACME-CORP/PAY-2026-11-25-001-1"},
		{"ACME-CORP/PAY-2026-11-25-001", 99999, "ACME-CORP/PAY-2026-11-25-001-100000"}, // 35: whole
		{"ACME-CORP/PAY-2026-11-25-0001", 99999, "ACME-CORP/PAY-2.BZEFNWOHN243-100000"},
		{long, 0, "SSSSSSSSSSSSSSSSSSSS.QA2KWRNPBFMX-1"},
		{long, 11, "SSSSSSSSSSSSSSSSSSS.QA2KWRNPBFMX-12"},
	}
	for _, tt := range tests {
		got := pmtInfID(tt.msgID, tt.i)
		if got != tt.want || utf8.RuneCountInString(got) > 35 {
			t.Errorf("pmtInfID(%q, %d) = %q, want %q", tt.msgID, tt.i, got, tt.want)
		}
	}
}
