package pain001

import (
	"bytes"
	"flag"
	"testing"

	"github.com/paychoreo/choreography/internal/testsupport"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.xml from the current output")

// The spec example, byte for byte. After an intended change to the output, run
// go test ./internal/pain001/ -run Golden -update and review the diff.
func TestGoldenExample(t *testing.T) {
	const path = "testdata/example.golden.xml"
	var got bytes.Buffer
	if err := Render(&got, group(exampleFile()), fixedTime); err != nil {
		t.Fatal(err)
	}
	testsupport.Golden(t, path, got.Bytes(), *update, "go test ./internal/pain001 -run Golden -update")
	if err := CheckCharset(got.Bytes()); err != nil {
		t.Error(err)
	}
	t.Run("xsd", func(t *testing.T) { xmllint(t, path) })
}
