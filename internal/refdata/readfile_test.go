package refdata

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// ReadFile tells a file that cannot be opened (no *Refusal: nothing was read) from one
// whose content is refused.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	_, err := ReadFile(filepath.Join(dir, "missing.json"))
	var r *Refusal
	if !errors.Is(err, fs.ErrNotExist) || errors.As(err, &r) {
		t.Errorf("missing file: %v; want not-exist and no refusal", err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"senders": 1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(bad); !errors.As(err, &r) || len(r.Reasons) == 0 {
		t.Errorf("bad content: %v; want a *Refusal with reasons", err)
	}
	table, err := ReadFile("../../refdata/sample.json")
	if err != nil || len(table.Senders) == 0 {
		t.Errorf("sample table: %v, %d senders", err, len(table.Senders))
	}
}
