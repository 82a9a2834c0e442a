// Package staging is the form in which the steps hand an accepted file to each other
// through the staging storage: the validator stages the canonical payment.File, the
// adaptor reads it and stages the payment.Batches, the creator reads those. Both sides
// of every hand-over go through here, so the format is defined in one place.
//
// The format is text, one record a line, fields separated by tabs, after a header line
// naming the form and its version:
//
//	#choreo-staging canonical v1
//	F <sender id> <sender name> <file reference> <created at> <control sum> <payments>
//	P <line> <end_to_end_id> <debtor iban> <execution date> <amount> <currency> <creditor name> <creditor iban> <bic> <remittance info>
//
//	#choreo-staging batches v1
//	F <sender id> <sender name> <file reference> <created at> <control sum> <nb of txs> <batches>
//	B <debtor iban> <execution date> <control sum> <payments>
//	P ... (the batch's payments, as above)
//
// Amounts are in cents. A tab, newline, carriage return or backslash inside a field is
// written as \t, \n, \r or \\ (validated fields never hold one; a sender's name from
// the reference table might). It is about half the size of the JSON it replaces
// and is written and read as a stream: reading makes one copy of the blob and every
// field is a slice of it. Staged JSON (from a version before this format) is still
// read, so that files in flight during an upgrade finish.
package staging

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/paychoreo/choreography/internal/payment"
)

const (
	canonicalHeader = "#choreo-staging canonical v1"
	batchesHeader   = "#choreo-staging batches v1"
)

// CanonicalName and BatchesName are where a file's staged forms live in staging.
func CanonicalName(fileID string) string { return fileID + "/canonical.tsv" }
func BatchesName(fileID string) string   { return fileID + "/batches.tsv" }

// WriteFile streams the canonical form of an accepted file to w.
func WriteFile(w io.Writer, f *payment.File) error {
	e := newEncoder(w)
	e.line(canonicalHeader)
	e.head(f.Sender, f.FileReference, f.CreatedAt, f.ControlSum, len(f.Payments))
	e.end()
	for i := range f.Payments {
		e.payment(&f.Payments[i])
	}
	return e.flush()
}

// WriteBatches streams the batches of a file to w.
func WriteBatches(w io.Writer, b *payment.Batches) error {
	e := newEncoder(w)
	e.line(batchesHeader)
	e.head(b.Sender, b.FileReference, b.CreatedAt, b.ControlSum, b.NbOfTxs)
	e.sep()
	e.int(int64(len(b.Batches)))
	e.end()
	for i := range b.Batches {
		bt := &b.Batches[i]
		e.start('B')
		e.text(bt.DebtorIBAN)
		e.text(bt.ExecutionDate)
		e.sep()
		e.int(int64(bt.ControlSum))
		e.sep()
		e.int(int64(len(bt.Payments)))
		e.end()
		for j := range bt.Payments {
			e.payment(&bt.Payments[j])
		}
	}
	return e.flush()
}

// EncodeFile and EncodeBatches return what WriteFile and WriteBatches write.
func EncodeFile(f *payment.File) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(64 + 128*len(f.Payments))
	err := WriteFile(&buf, f)
	return buf.Bytes(), err
}

func EncodeBatches(b *payment.Batches) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(64 + 128*b.NbOfTxs)
	err := WriteBatches(&buf, b)
	return buf.Bytes(), err
}

// DecodeFile reads a staged canonical form. It takes the blob as a string so that a
// blob read into one (Sidecar.GetBlobText) is not copied again: every field is a slice
// of it.
func DecodeFile(raw string) (*payment.File, error) {
	if isJSON(raw) {
		return decodeJSON[payment.File](raw, "canonical form")
	}
	d, err := newDecoder(raw, canonicalHeader)
	if err != nil {
		return nil, err
	}
	var f payment.File
	h := d.record('F', 6)
	f.Sender.ID, f.Sender.Name, f.FileReference, f.CreatedAt = h[0], h[1], h[2], h[3]
	f.ControlSum = payment.Amount(d.int(h[4]))
	n := d.count(h[5])
	f.Payments = make([]payment.Payment, n)
	for i := range f.Payments {
		d.payment(&f.Payments[i])
	}
	return &f, d.done()
}

// DecodeBatches reads staged batches (a string, as DecodeFile).
func DecodeBatches(raw string) (*payment.Batches, error) {
	if isJSON(raw) {
		return decodeJSON[payment.Batches](raw, "batches")
	}
	d, err := newDecoder(raw, batchesHeader)
	if err != nil {
		return nil, err
	}
	var b payment.Batches
	h := d.record('F', 7)
	b.Sender.ID, b.Sender.Name, b.FileReference, b.CreatedAt = h[0], h[1], h[2], h[3]
	b.ControlSum = payment.Amount(d.int(h[4]))
	b.NbOfTxs = d.count(h[5])
	b.Batches = make([]payment.Batch, d.count(h[6]))
	// One backing array for every payment, as batch.Group makes it.
	all := make([]payment.Payment, b.NbOfTxs)
	used := 0
	for i := range b.Batches {
		bt := &b.Batches[i]
		r := d.record('B', 4)
		bt.DebtorIBAN, bt.ExecutionDate = r[0], r[1]
		bt.ControlSum = payment.Amount(d.int(r[2]))
		n := d.count(r[3])
		if d.err == nil && used+n > len(all) {
			d.fail("batches hold more payments than nb_of_txs %d", len(all))
		}
		if d.err != nil {
			break
		}
		bt.Payments = all[used : used+n : used+n]
		used += n
		for j := range bt.Payments {
			d.payment(&bt.Payments[j])
		}
	}
	if d.err == nil && used != len(all) {
		d.fail("batches hold %d payments, nb_of_txs is %d", used, len(all))
	}
	return &b, d.done()
}

func isJSON(raw string) bool {
	t := strings.TrimLeft(raw, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// decodeJSON reads a form staged as JSON; form names it in the error.
func decodeJSON[T any](raw, form string) (*T, error) {
	var v T
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return nil, fmt.Errorf("staging: decode %s (json): %w", form, err)
	}
	return &v, nil
}

// encoder writes records; bufio keeps the first write error for flush.
type encoder struct {
	w   *bufio.Writer
	num []byte
}

func newEncoder(w io.Writer) *encoder {
	return &encoder{w: bufio.NewWriterSize(w, 64<<10), num: make([]byte, 0, 24)}
}

func (e *encoder) line(s string)   { e.w.WriteString(s); e.w.WriteByte('\n') }
func (e *encoder) start(kind byte) { e.w.WriteByte(kind) }
func (e *encoder) sep()            { e.w.WriteByte('\t') }
func (e *encoder) end()            { e.w.WriteByte('\n') }
func (e *encoder) flush() error    { return e.w.Flush() }

func (e *encoder) int(n int64) {
	e.num = strconv.AppendInt(e.num[:0], n, 10)
	e.w.Write(e.num)
}

// text writes a tab and then s, escaped.
func (e *encoder) text(s string) {
	e.w.WriteByte('\t')
	if !strings.ContainsAny(s, "\t\n\r\\") {
		e.w.WriteString(s)
		return
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\t':
			e.w.WriteString(`\t`)
		case '\n':
			e.w.WriteString(`\n`)
		case '\r':
			e.w.WriteString(`\r`)
		case '\\':
			e.w.WriteString(`\\`)
		default:
			e.w.WriteByte(c)
		}
	}
}

func (e *encoder) head(s payment.Sender, ref, created string, sum payment.Amount, n int) {
	e.start('F')
	e.text(s.ID)
	e.text(s.Name)
	e.text(ref)
	e.text(created)
	e.sep()
	e.int(int64(sum))
	e.sep()
	e.int(int64(n))
}

func (e *encoder) payment(p *payment.Payment) {
	e.start('P')
	e.sep()
	e.int(int64(p.Line))
	e.text(p.EndToEndID)
	e.text(p.DebtorIBAN)
	e.text(p.ExecutionDate)
	e.sep()
	e.int(int64(p.Amount))
	e.text(p.Currency)
	e.text(p.CreditorName)
	e.text(p.CreditorIBAN)
	e.text(p.CreditorBIC)
	e.text(p.RemittanceInfo)
	e.end()
}
