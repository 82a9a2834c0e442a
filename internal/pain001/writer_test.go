package pain001

import (
	"bytes"
	"encoding/xml"
	"errors"
	"testing"

	"github.com/paychoreo/choreography/internal/payment"
)

func TestAppendAmount(t *testing.T) {
	for _, a := range []payment.Amount{1, 9, 10, 99, 100, 9995, 125000, 99_999_999_999, maxCtrlSum} {
		if got := string(appendAmount(nil, a)); got != a.String() {
			t.Errorf("appendAmount(%d) = %q, want %q", a, got, a.String())
		}
	}
}

// Characters XML 1.0 cannot carry become U+FFFD, one for one, so the document stays
// well-formed and within the length the checks counted; tab and newline survive.
func TestLeafEscapes(t *testing.T) {
	var out bytes.Buffer
	x := newWriter(&out)
	x.leaf("Nm", "a\x01b\xffc\td\ne&<>\"'")
	if err := x.flush(); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := xml.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%s: %v", out.Bytes(), err)
	}
	if want := "a\uFFFDb\uFFFDc\td\ne&<>\"'"; got != want {
		t.Errorf("round trip %q, want %q", got, want)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRenderReportsWriteError(t *testing.T) {
	err := Render(failingWriter{}, group(exampleFile()), fixedTime)
	if err == nil || errors.Is(err, ErrInvalid) {
		t.Fatalf("Render = %v, want the write error", err)
	}
}
