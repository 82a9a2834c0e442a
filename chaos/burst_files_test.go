//go:build chaos

package chaos

import (
	"fmt"
	"math/rand/v2"
)

// smallFileA is file i of run like fileA (1-20 payments, every 10th with its trailer
// sum off by a cent), with amounts of at most 9.99: a soak or a burst sends thousands
// of files in one day, and their sum must stay below ACME-CORP's daily limit
// (refdata/sample.json) for every valid file to be created.
func smallFileA(run string, i int, rnd *rand.Rand) (sent, []byte) {
	return makeFileA(fmt.Sprintf("%s-%05d", run, i), i, 999, rnd)
}
