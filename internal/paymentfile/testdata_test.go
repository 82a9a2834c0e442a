package paymentfile

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestTestdataValid checks that every file under testdata/valid is accepted.
func TestTestdataValid(t *testing.T) {
	for _, path := range glob(t, "testdata/valid/*.csv") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, vs := validate(t, readFile(t, path))
			if vs != nil {
				t.Fatalf("rejected: %+v", vs)
			}
			if f.ControlSum != sumOf(f.Payments) || len(f.Payments) == 0 || f.Sender.Name == "" {
				t.Errorf("canonical file %+v", f)
			}
		})
	}
}

// TestTestdataInvalid checks that every testdata/invalid/NAME.csv yields exactly the
// violations of NAME.want, one "LINE FIELD CODE" a line, in any order.
func TestTestdataInvalid(t *testing.T) {
	paths := glob(t, "testdata/invalid/*.csv")
	if len(paths) < 60 {
		t.Errorf("only %d invalid files", len(paths))
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			want := readWant(t, strings.TrimSuffix(path, ".csv")+".want")
			_, vs := validate(t, readFile(t, path))
			if got := keys(vs); !slices.Equal(got, want) {
				t.Errorf("violations\n got %q\nwant %q", got, want)
				for _, v := range vs {
					t.Logf("%d %s %s: %s", v.Line, v.Field, v.Code, v.Message)
				}
			}
		})
	}
}

func glob(t *testing.T, pattern string) []string {
	t.Helper()
	paths, err := filepath.Glob(pattern)
	if err != nil || len(paths) == 0 {
		t.Fatalf("no files %s: %v", pattern, err)
	}
	return paths
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readWant reads a .want file, skipping blank lines and # comments.
func readWant(t *testing.T, path string) []string {
	t.Helper()
	var want []string
	sc := bufio.NewScanner(strings.NewReader(readFile(t, path)))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			want = append(want, strings.Join(strings.Fields(line), " "))
		}
	}
	slices.Sort(want)
	return want
}
