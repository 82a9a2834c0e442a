package staging

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/batch"
	"github.com/paychoreo/choreography/internal/payment"
)

func sampleFile(n int) *payment.File {
	f := &payment.File{Sender: payment.Sender{ID: "ACME-CORP", Name: "ACME\tCorp \\ \"Ltd\"\nline"},
		FileReference: "PAY-1", CreatedAt: "2026-11-25T08:00:00+01:00"}
	for i := 0; i < n; i++ {
		p := payment.Payment{Line: i + 2, EndToEndID: fmt.Sprintf("E2E-%d", i),
			DebtorIBAN: []string{"DE89370400440532013000", "DE02120300000000202051"}[i%2], ExecutionDate: "2026-11-26",
			Amount: payment.Amount(i*37 + 1), Currency: "EUR", CreditorName: "Smith, Jones & Co — Ünïcödé",
			CreditorIBAN: "FR1420041010050500013M02606"}
		if i%2 == 0 {
			p.CreditorBIC, p.RemittanceInfo = "BNPAFRPP", fmt.Sprintf("Invoice %d <Q4> \\t", i)
		}
		f.Payments = append(f.Payments, p)
		f.ControlSum += p.Amount
	}
	return f
}

func TestCanonicalRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 7} {
		f := sampleFile(n)
		raw, err := EncodeFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeFile(string(raw))
		if err != nil {
			t.Fatalf("%d payments: %v\n%s", n, err, raw)
		}
		if n == 0 {
			got.Payments = nil // nil and empty are the same file
		}
		if !reflect.DeepEqual(got, f) {
			t.Errorf("%d payments: got\n%+v\nwant\n%+v", n, got, f)
		}
	}
}

func TestBatchesRoundTrip(t *testing.T) {
	b := batch.Group(sampleFile(9))
	raw, err := EncodeBatches(&b)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeBatches(string(raw))
	if err != nil {
		t.Fatalf("%v\n%s", err, raw)
	}
	if !reflect.DeepEqual(*got, b) {
		t.Errorf("got\n%+v\nwant\n%+v", *got, b)
	}
}

// Files staged as JSON by an earlier version still decode, so that files in flight
// during an upgrade finish.
func TestReadsStagedJSON(t *testing.T) {
	f := sampleFile(3)
	raw, _ := json.Marshal(f)
	got, err := DecodeFile(string(raw))
	if err != nil || !reflect.DeepEqual(got, f) {
		t.Errorf("canonical json: %v %+v", err, got)
	}
	b := batch.Group(f)
	raw, _ = json.Marshal(b)
	gb, err := DecodeBatches(string(raw))
	if err != nil || !reflect.DeepEqual(*gb, b) {
		t.Errorf("batches json: %v %+v", err, gb)
	}
}

func TestCorruptBlobsAreErrors(t *testing.T) {
	good, _ := EncodeFile(sampleFile(2))
	b := batch.Group(sampleFile(4))
	goodB, _ := EncodeBatches(&b)
	for name, raw := range map[string]string{
		"empty":          "",
		"wrong header":   "#something else\n",
		"batches header": strings.Replace(string(good), canonicalHeader, batchesHeader, 1),
		"truncated":      string(good[:len(good)-20]),
		"extra record":   string(good) + "P\t1\n",
		"bad amount":     strings.Replace(string(good), "\t1\tEUR", "\tx\tEUR", 1),
		"huge count":     strings.Replace(string(good), "\t2\nP", "\t99999999\nP", 1),
		"missing field":  strings.Replace(string(good), "\tBNPAFRPP", "", 1),
		"batch overflow": strings.Replace(string(goodB), "\t4\t2\n", "\t4\t1\n", 1),
	} {
		var err error
		if strings.HasPrefix(raw, batchesHeader) || name == "batch overflow" {
			_, err = DecodeBatches(raw)
		} else {
			_, err = DecodeFile(raw)
		}
		if err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
}

func TestSmallerThanJSON(t *testing.T) {
	f := sampleFile(1000)
	raw, _ := EncodeFile(f)
	js, _ := json.Marshal(f)
	if len(raw)*2 > len(js) {
		t.Errorf("staged %d bytes, json %d", len(raw), len(js))
	}
}

func BenchmarkEncodeDecode100k(b *testing.B) {
	f := sampleFile(100_000)
	b.ReportAllocs()
	for b.Loop() {
		raw, _ := EncodeFile(f)
		if _, err := DecodeFile(string(raw)); err != nil {
			b.Fatal(err)
		}
	}
}
