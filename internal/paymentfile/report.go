package paymentfile

import (
	"cmp"
	"fmt"
	"slices"
)

// maxViolations bounds what a junk file can make us hold: past it we only count.
const maxViolations = 1000

// report collects violations in the order they are found.
type report struct {
	list    []Violation
	dropped int
}

func (r *report) add(line int, field, code, format string, args ...any) {
	if len(r.list) >= maxViolations {
		r.dropped++
		return
	}
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	r.list = append(r.list, Violation{Line: line, Field: field, Code: code, Message: msg})
}

func (r *report) empty() bool { return len(r.list) == 0 }

// nameSince sets the end_to_end_id of the violations from index start on.
func (r *report) nameSince(start int, e2e string) {
	if e2e == "" {
		return
	}
	for i := start; i < len(r.list); i++ {
		r.list[i].EndToEndID = e2e
	}
}

// violations returns the report by line, whole-file ones first. End-of-file checks
// are made last but may belong to an earlier line, hence the sort.
func (r *report) violations() []Violation {
	slices.SortStableFunc(r.list, func(a, b Violation) int { return cmp.Compare(a.Line, b.Line) })
	if r.dropped > 0 {
		r.list = append(r.list, Violation{Field: fieldFile, Code: CodeTooManyViolations,
			Message: fmt.Sprintf("%d more violations were found and not listed", r.dropped)})
	}
	return r.list
}
