package e2e

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// drop puts File A into the inbox the way a careful uploader does: write a hidden file,
// then rename, so intake never reads half a file.
func (p *pipeline) drop(name string, content []byte) {
	p.t.Helper()
	dst := filepath.Join(p.data, "inbox", name)
	os.MkdirAll(filepath.Dir(dst), 0o755)
	tmp := filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".part")
	if err := os.WriteFile(tmp, content, 0o644); err != nil {
		p.t.Fatal(err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		p.t.Fatal(err)
	}
}

// outcome is where a file ended: "created" (File A in archive/) or "rejected".
type outcome struct {
	kind   string
	fileID string
	dir    string // archive/<id> or rejected/<id>
}

// await waits until File A named name (as stored: safe name) reaches a final area.
func (p *pipeline) await(name string, within time.Duration) outcome {
	p.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		for _, kind := range []string{"archive", "rejected"} {
			m, _ := filepath.Glob(filepath.Join(p.data, kind, "*", name))
			if len(m) > 0 {
				dir := filepath.Dir(m[0])
				k := map[string]string{"archive": "created", "rejected": "rejected"}[kind]
				return outcome{kind: k, fileID: filepath.Base(dir), dir: dir}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.t.Fatalf("%s did not reach a final state within %s", name, within)
	return outcome{}
}

// reportCodes reads a rejection report into "LINE FIELD CODE" rows.
func reportCodes(t *testing.T, dir string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "report.csv"))
	if err != nil {
		t.Fatalf("rejection report: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("rejection report is not CSV: %v", err)
	}
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[2]+" "+r[3]+" "+r[4])
	}
	return out
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// syncWriter lets every process of a run log into one buffer.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}
