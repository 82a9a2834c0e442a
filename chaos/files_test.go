//go:build chaos

package chaos

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

// sent is what the run knows about one File A it dropped, to check its fate against.
type sent struct {
	name  string // blob name in the inbox and in its final area
	ref   string // file_reference
	valid bool
	count int   // D records
	cents int64 // exact sum of their amounts
}

var debtors = []string{"DE89370400440532013000", "DE02120300000000202051"} // ACME-CORP's, both active

// fileA builds file i of run: 1-20 payments of up to 999.99 each (200 files stay far
// below ACME-CORP's daily limit). Every 10th has a trailer sum off by a cent, so
// rejections are part of the mix.
func fileA(run string, i int, rnd *rand.Rand) (sent, []byte) {
	return makeFileA(fmt.Sprintf("%s-%04d", run, i), i, 99_999, rnd)
}

// makeFileA builds file i named after id, with 1-20 payments of 0.01 to maxCents each.
func makeFileA(id string, i int, maxCents int64, rnd *rand.Rand) (sent, []byte) {
	s := sent{name: "chaos-" + id + ".csv", ref: "CHAOS-" + id, valid: i%10 != 9, count: 1 + rnd.IntN(20)}
	var b bytes.Buffer
	fmt.Fprintf(&b, "H,ACME-CORP,%s,%s\n", s.ref, time.Now().Format(time.RFC3339))
	for j := 0; j < s.count; j++ {
		c := 1 + rnd.Int64N(maxCents)
		s.cents += c
		fmt.Fprintf(&b, "D,E2E-%04d,%s,2026-11-26,%s,EUR,Creditor %d,FR1420041010050500013M02606,,Invoice %d-%d\n",
			j, debtors[j%2], amount(c), j, i, j)
	}
	trailer := s.cents
	if !s.valid {
		trailer++
	}
	fmt.Fprintf(&b, "T,%d,%s\n", s.count, amount(trailer))
	return s, b.Bytes()
}

func amount(cents int64) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }

// drop writes File A as a careful uploader does (hidden name, then rename). Unlike
// Pipeline.Drop it returns its error: it runs outside the test goroutine.
func drop(inbox, name string, content []byte) error {
	tmp := filepath.Join(inbox, "."+name+".part")
	if err := os.WriteFile(tmp, content, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(inbox, name))
}
