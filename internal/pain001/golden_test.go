package pain001

import (
	"bytes"
	"flag"
	"os"
	"testing"
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
	if *update {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("output differs from %s:\n%s", path, got.Bytes())
	}
	if err := CheckCharset(want); err != nil {
		t.Error(err)
	}
	t.Run("xsd", func(t *testing.T) { xmllint(t, path) })
}
