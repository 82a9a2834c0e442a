//go:build chaos

package chaos

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"time"
)

// smallFileA is file i of run like fileA (1-20 payments, every 10th with its trailer
// sum off by a cent), with amounts of at most 9.99: a soak or a burst sends thousands
// of files in one day, and their sum must stay below ACME-CORP's daily limit
// (refdata/sample.json) for every valid file to be created.
func smallFileA(run string, i int, rnd *rand.Rand) (sent, []byte) {
	s := sent{name: fmt.Sprintf("chaos-%s-%05d.csv", run, i), ref: fmt.Sprintf("CHAOS-%s-%05d", run, i),
		valid: i%10 != 9, count: 1 + rnd.IntN(20)}
	var b bytes.Buffer
	fmt.Fprintf(&b, "H,ACME-CORP,%s,%s\n", s.ref, time.Now().Format(time.RFC3339))
	for j := 0; j < s.count; j++ {
		c := 1 + rnd.Int64N(999)
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
