// Package batch groups the payments of an accepted file into the batches of File B:
// one batch (one PmtInf) per debtor account and execution date.
package batch

import "github.com/paychoreo/choreography/internal/payment"

// key identifies a batch. Grouping is by the exact strings: the validator stages
// IBANs and dates in one canonical form, so there is nothing to normalise here.
type key struct{ iban, date string }

// Group splits f into batches by (debtor_iban, execution_date). Batches come in the
// order in which their first payment appears; payments keep file order inside each
// batch. NbOfTxs and ControlSum are computed from the payments, not copied from the
// trailer, so they always describe what is in the batches.
//
// The result shares no memory with f. It runs in O(n) with a fixed number of
// allocations: the payments are copied once into one backing array.
func Group(f *payment.File) payment.Batches {
	batches, of := index(f.Payments)
	fill(batches, f.Payments, of)
	return totals(f, batches)
}

// totals is the batches with f's header and the totals of what they hold.
func totals(f *payment.File, batches []payment.Batch) payment.Batches {
	out := payment.Batches{
		Sender:        f.Sender,
		FileReference: f.FileReference,
		CreatedAt:     f.CreatedAt,
		NbOfTxs:       len(f.Payments),
		Batches:       batches,
	}
	for _, b := range batches {
		out.ControlSum += b.ControlSum
	}
	return out
}

// GroupInPlace is Group without a copy of the payments: it reorders f.Payments so that
// each batch is a window of it (batches in order of first appearance, file order inside
// each), and the result shares that array. For a step that has no further use for f in
// file order, it saves holding every payment twice (the adaptor, on a large file).
func GroupInPlace(f *payment.File) payment.Batches {
	ps := f.Payments
	batches, of, counts := census(ps)
	start := make([]int, len(batches))
	for j := 1; j < len(batches); j++ {
		start[j] = start[j-1] + counts[j-1]
	}
	// of becomes each payment's place: the next free one in its batch's window (start
	// is used up on the way).
	for i, j := range of {
		of[i] = start[j]
		start[j]++
	}
	permute(ps, of)
	off := 0
	for j := range batches {
		end := off + counts[j]
		batches[j].Payments = ps[off:end:end]
		off = end
	}
	return totals(f, batches)
}

// permute moves ps[i] to ps[to[i]] for every i, in place, following each cycle of the
// permutation; to is used up.
func permute(ps []payment.Payment, to []int) {
	for i := range ps {
		for to[i] != i {
			j := to[i]
			ps[i], ps[j] = ps[j], ps[i]
			to[i], to[j] = to[j], j
		}
	}
}

// index finds the batches in order of first appearance, each with its control sum and
// the exact capacity its payments need (in cap(Payments)), and the batch of each payment.
func index(ps []payment.Payment) (batches []payment.Batch, of []int) {
	batches, of, counts := census(ps)
	carve(batches, counts, len(ps))
	return batches, of
}

// census finds the batches in order of first appearance with their control sums, the
// batch of each payment and each batch's number of payments.
func census(ps []payment.Payment) (batches []payment.Batch, of []int, counts []int) {
	batches = []payment.Batch{}
	of = make([]int, len(ps))
	seen := make(map[key]int)
	counts = []int{}
	for i := range ps {
		p := &ps[i]
		k := key{p.DebtorIBAN, p.ExecutionDate}
		j, ok := seen[k]
		if !ok {
			j = len(batches)
			seen[k] = j
			batches = append(batches, payment.Batch{DebtorIBAN: k.iban, ExecutionDate: k.date})
			counts = append(counts, 0)
		}
		of[i] = j
		counts[j]++
		batches[j].ControlSum += p.Amount
	}
	return batches, of, counts
}

// carve gives each batch an empty window of one shared backing array, capped with a
// full slice expression so that appending to one batch can never spill into the next.
func carve(batches []payment.Batch, counts []int, n int) {
	backing := make([]payment.Payment, n)
	off := 0
	for j := range batches {
		end := off + counts[j]
		batches[j].Payments = backing[off:off:end]
		off = end
	}
}

// fill copies the payments, in file order, into their batches.
func fill(batches []payment.Batch, ps []payment.Payment, of []int) {
	for i := range ps {
		b := &batches[of[i]]
		b.Payments = append(b.Payments, ps[i])
	}
}
