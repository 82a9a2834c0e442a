package paymentfile

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/testsupport"
)

// make run gives the bundled samples a fresh file reference on every run (scripts/run.sh
// fresh_samples), so that a second run on the same Redis is not all DUPLICATE_FILE. The
// copies must differ from the samples in the header's reference only, stay within the
// spec's reference rules, and meet the same outcome: the valid ones valid (totals intact),
// the rejected ones rejected for the same reasons.
func TestFreshSamplesKeepTheirOutcome(t *testing.T) {
	root := testsupport.Root(t)
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "samples"), os.DirFS(filepath.Join(root, "samples"))); err != nil {
		t.Fatal(err)
	}
	script := `eval "$(sed -n '/^fresh_samples() {/,/^}/p' "$1")" && fresh_samples`
	out, err := exec.Command("bash", "-c", "cd "+dir+" && "+script, "bash", filepath.Join(root, "scripts", "run.sh")).CombinedOutput()
	if err != nil {
		t.Fatalf("fresh_samples: %v\n%s", err, out)
	}
	fresh := filepath.Join(dir, strings.TrimSpace(string(out)))
	lookup := sampleLookup(t, filepath.Join(root, "refdata", "sample.json"))
	samples, _ := filepath.Glob(filepath.Join(root, "samples", "*.csv"))
	ref := regexp.MustCompile(`^[A-Za-z0-9-]{1,35}$`)
	for _, path := range samples {
		name := filepath.Base(path)
		orig, _ := os.ReadFile(path)
		got, err := os.ReadFile(filepath.Join(fresh, name))
		if err != nil {
			t.Fatal(err)
		}
		origHead, origRest, _ := bytes.Cut(orig, []byte("\n"))
		head, rest, _ := bytes.Cut(got, []byte("\n"))
		switch {
		case !bytes.HasPrefix(orig, []byte("H,")):
			if !bytes.Equal(got, orig) {
				t.Errorf("%s: a file without a header must be copied as it is", name)
			}
		case !bytes.Equal(rest, origRest):
			t.Errorf("%s: the copy differs after the header", name)
		default:
			was, is := strings.Split(string(origHead), ","), strings.Split(string(head), ",")
			if len(is) != len(was) || !strings.HasPrefix(is[2], was[2]+"-R") || !ref.MatchString(is[2]) ||
				!slices.Equal(append(is[:2:2], is[3:]...), append(was[:2:2], was[3:]...)) {
				t.Errorf("%s: header %q, want the reference of %q plus -R<time>, 1-35 of [A-Za-z0-9-]", name, head, origHead)
			}
		}
		if a, b := codes(t, orig, lookup), codes(t, got, lookup); !slices.Equal(a, b) {
			t.Errorf("%s: violations %v, the sample's %v", name, b, a)
		}
	}
}

func sampleLookup(t *testing.T, path string) SenderLookup {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	table, err := refdata.ReadTable(f)
	if err != nil {
		t.Fatal(err)
	}
	return func(_ context.Context, id string) (*refdata.Sender, error) {
		for i := range table.Senders {
			if table.Senders[i].ID == id {
				return &table.Senders[i], nil
			}
		}
		return nil, nil
	}
}

func codes(t *testing.T, content []byte, lookup SenderLookup) []string {
	_, vs, err := Validate(context.Background(), bytes.NewReader(content), lookup)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, v := range vs {
		out = append(out, v.Code)
	}
	return out
}
