package batch

import (
	"reflect"
	"testing"

	"github.com/paychoreo/choreography/internal/payment"
)

const (
	ibanA = "DE89370400440532013000"
	ibanB = "FR1420041010050500013M02606"
	day1  = "2026-11-26"
	day2  = "2026-11-27"
)

// pay is a payment with just what grouping looks at; line doubles as its identity.
func pay(line int, iban, date string, cents payment.Amount) payment.Payment {
	return payment.Payment{Line: line, DebtorIBAN: iban, ExecutionDate: date, Amount: cents}
}

// want describes one expected batch by the lines of its payments.
type want struct {
	iban, date string
	lines      []int
	sum        payment.Amount
}

func TestGroup(t *testing.T) {
	tests := []struct {
		name     string
		payments []payment.Payment
		want     []want
	}{
		{"no payments", nil, []want{}},
		{"one payment", []payment.Payment{pay(2, ibanA, day1, 1)}, []want{{ibanA, day1, []int{2}, 1}}},
		{"spec example: one account, one date", []payment.Payment{
			pay(2, ibanA, day1, 125000), pay(3, ibanA, day1, 9995),
		}, []want{{ibanA, day1, []int{2, 3}, 134995}}},
		{"same account, two dates", []payment.Payment{
			pay(2, ibanA, day1, 100), pay(3, ibanA, day2, 200), pay(4, ibanA, day1, 300),
		}, []want{{ibanA, day1, []int{2, 4}, 400}, {ibanA, day2, []int{3}, 200}}},
		{"same date, two accounts", []payment.Payment{
			pay(2, ibanB, day1, 100), pay(3, ibanA, day1, 200),
		}, []want{{ibanB, day1, []int{2}, 100}, {ibanA, day1, []int{3}, 200}}},
		{"interleaved: order of first appearance, file order inside", []payment.Payment{
			pay(2, ibanB, day2, 1), pay(3, ibanA, day1, 10), pay(4, ibanB, day2, 100),
			pay(5, ibanA, day2, 1000), pay(6, ibanA, day1, 10000), pay(7, ibanB, day2, 100000),
		}, []want{
			{ibanB, day2, []int{2, 4, 7}, 100101},
			{ibanA, day1, []int{3, 6}, 10010},
			{ibanA, day2, []int{5}, 1000},
		}},
		{"exact cents: 0.10 + 0.20 is 0.30", []payment.Payment{
			pay(2, ibanA, day1, 10), pay(3, ibanA, day1, 20),
		}, []want{{ibanA, day1, []int{2, 3}, 30}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &payment.File{Sender: payment.Sender{ID: "ACME-CORP", Name: "ACME"},
				FileReference: "REF-1", CreatedAt: "2026-11-25T08:00:00+01:00", Payments: tt.payments}
			got := Group(f)
			checkTotals(t, f, got)
			if g := summarize(got.Batches); !reflect.DeepEqual(g, tt.want) {
				t.Errorf("batches:\n got %+v\nwant %+v", g, tt.want)
			}
		})
	}
}

func checkTotals(t *testing.T, f *payment.File, got payment.Batches) {
	t.Helper()
	if got.Sender != f.Sender || got.FileReference != f.FileReference || got.CreatedAt != f.CreatedAt {
		t.Errorf("header not copied: %+v", got)
	}
	var sum payment.Amount
	for _, p := range f.Payments {
		sum += p.Amount
	}
	if got.NbOfTxs != len(f.Payments) || got.ControlSum != sum {
		t.Errorf("totals: got %d/%s, want %d/%s", got.NbOfTxs, got.ControlSum, len(f.Payments), sum)
	}
}

func summarize(bs []payment.Batch) []want {
	out := []want{}
	for _, b := range bs {
		w := want{iban: b.DebtorIBAN, date: b.ExecutionDate, sum: b.ControlSum}
		for _, p := range b.Payments {
			w.lines = append(w.lines, p.Line)
		}
		out = append(out, w)
	}
	return out
}

// The staged batches travel on to other steps; they must not alias the file, and a
// batch must not be able to grow into its neighbour's payments.
func TestGroupDoesNotAlias(t *testing.T) {
	f := &payment.File{Payments: []payment.Payment{pay(2, ibanA, day1, 1), pay(3, ibanB, day1, 2)}}
	got := Group(f)
	got.Batches[0].Payments[0].Line = 99
	if f.Payments[0].Line != 2 {
		t.Fatal("Group result aliases the input payments")
	}
	_ = append(got.Batches[0].Payments, pay(4, ibanA, day1, 3))
	if got.Batches[1].Payments[0].Line != 3 {
		t.Fatal("appending to one batch overwrote the next")
	}
}

// GroupInPlace gives exactly Group's batches, from the file's own array.
func TestGroupInPlaceIsGroup(t *testing.T) {
	ibans := []string{ibanA, ibanB, "NL91ABNA0417164300", "BE68539007547034", "AT611904300234573201"}
	days := []string{day1, day2, "2026-11-30"}
	var ps []payment.Payment
	for i := range 10_000 {
		// a fixed, uneven spread over 15 batches
		ps = append(ps, pay(i+2, ibans[(i*7+i/13)%len(ibans)], days[(i*i)%len(days)], payment.Amount(i%977+1)))
	}
	for _, n := range []int{0, 1, 2, 7, len(ps)} {
		f := &payment.File{Sender: payment.Sender{ID: "ACME-CORP"}, FileReference: "REF-1",
			Payments: append([]payment.Payment(nil), ps[:n]...)}
		want := Group(f)
		got := GroupInPlace(f)
		if !reflect.DeepEqual(summarize(got.Batches), summarize(want.Batches)) ||
			got.NbOfTxs != want.NbOfTxs || got.ControlSum != want.ControlSum || got.Sender != want.Sender {
			t.Fatalf("%d payments: GroupInPlace differs from Group", n)
		}
		if n > 1 && len(got.Batches) > 1 {
			if &got.Batches[0].Payments[0] != &f.Payments[0] {
				t.Errorf("%d payments: batches are not windows of the file's array", n)
			}
			last := got.Batches[1].Payments[0]
			_ = append(got.Batches[0].Payments, pay(0, ibanA, day1, 1))
			if got.Batches[1].Payments[0] != last {
				t.Errorf("%d payments: appending to one batch overwrote the next", n)
			}
		}
	}
}
