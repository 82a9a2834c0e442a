package paymentfile

import (
	"context"
	"fmt"
	"io"

	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/refdata"
)

// ctxEvery is how many lines we read between looks at the context.
const ctxEvery = 1024

// Validate reads File A from r and checks every rule of the spec. It returns the
// canonical file, with the sender's name from the reference table, when there is no
// violation; otherwise a nil file and every violation found. The error is non-nil only
// for technical failures: reading r, calling lookup, or ctx ending. lookup must not be
// nil; it is called at most once, for a well-formed sender_id on the first line.
func Validate(ctx context.Context, r io.Reader, lookup SenderLookup) (*payment.File, []Violation, error) {
	v := &validator{ctx: ctx, lookup: lookup, e2e: make(map[string]int), sumOK: true}
	if err := v.read(r); err != nil {
		return nil, nil, err
	}
	v.finish()
	if !v.rep.empty() {
		return nil, v.rep.violations(), nil
	}
	return v.canonical(), nil, nil
}

// validator is the state of one Validate call.
type validator struct {
	ctx    context.Context
	lookup SenderLookup
	rep    report
	fields []string // reused for every line

	line    int    // current line number
	badUTF8 bool   // the current line is not valid UTF-8
	lineE2E string // the current detail line's end_to_end_id, once found valid
	records int    // non-blank lines

	headerSeen bool
	sender     *refdata.Sender // nil unless line 1 named a known sender
	file       payment.File    // header fields and, while the report is empty, payments

	details int            // D records, well-formed or not
	e2e     map[string]int // end_to_end_id to the line that first used it
	sum     payment.Amount // sum of the valid D amounts
	sumOK   bool           // every D record had a valid amount, so sum is the file total

	trailerLine                  int // 0 until the first T record
	trailerCount                 int64
	trailerSum                   payment.Amount
	trailerCountOK, trailerSumOK bool
}

func (v *validator) read(r io.Reader) error {
	lr := newLineReader(r)
	for {
		if lr.num%ctxEvery == 0 {
			if err := v.ctx.Err(); err != nil {
				return fmt.Errorf("paymentfile: validation stopped at line %d: %w", lr.num, err)
			}
		}
		b, tooLong, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("paymentfile: read line %d: %w", lr.num+1, err)
		}
		v.line = lr.num
		if err := v.record(b, tooLong); err != nil {
			return err
		}
	}
}

// canonical is the accepted file; only called when the report is empty, which implies
// a known sender.
func (v *validator) canonical() *payment.File {
	f := v.file
	if v.sender != nil {
		f.Sender.Name = v.sender.Name
	}
	f.ControlSum = v.sum
	return &f
}
