package e2e

import (
	"bytes"
	"fmt"
	"github.com/paychoreo/choreography/internal/testpipe"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/pain001"
)

// TestHundredThousandPayments sends one 100,000-payment file (about 14 MB) end to end;
// it needs the raised body limit (dapr.yaml maxBodySize) at every hop. On the local
// profile only: the other profiles change the broker or the storage, not the hops, and
// the suite's time is better spent on their other tests.
func TestHundredThousandPayments(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 400})
	content, count, sum := bigFile("BIG-100K", 100_000)
	t.Logf("File A: %d payments, %d bytes", count, len(content))
	start := time.Now()
	p.Drop("big.csv", content)
	o := p.Await("big.csv", 5*time.Minute)
	if o.Kind != "created" {
		t.Fatalf("big.csv %s: %v", o.Kind, p.ReportCodes(o))
	}
	t.Logf("File A to File B: %s", time.Since(start))
	b := checkFileB(t, p, pain001.FileName("ACME-CORP", "BIG-100K"), content)
	if b.NbOfTxs != fmt.Sprint(count) || b.CtrlSum != sum {
		t.Errorf("File B has %s payments summing %s, want %d and %s", b.NbOfTxs, b.CtrlSum, count, sum)
	}
}

// bigFile builds a valid File A over two debtor accounts and three execution dates.
func bigFile(ref string, n int) ([]byte, int, string) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "H,ACME-CORP,%s,2026-11-25T08:00:00+01:00\n", ref)
	debtors := []string{"DE89370400440532013000", "DE02120300000000202051"}
	dates := []string{"2026-11-26", "2026-11-27", "2026-11-30"}
	var cents int64
	for i := 0; i < n; i++ {
		c := int64(1 + i%5000)
		cents += c
		fmt.Fprintf(&b, "D,E2E-%07d,%s,%s,%d.%02d,EUR,Creditor %d,FR1420041010050500013M02606,BNPAFRPP,Invoice %d\n",
			i, debtors[i%2], dates[i%3], c/100, c%100, i, i)
	}
	sum := fmt.Sprintf("%d.%02d", cents/100, cents%100)
	fmt.Fprintf(&b, "T,%d,%s\n", n, sum)
	return b.Bytes(), n, sum
}
