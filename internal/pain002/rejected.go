package pain002

import (
	"fmt"
	"time"

	"github.com/paychoreo/choreography/internal/events"
)

// ForRejected is the report of a file that broke business rules: RJCT. A violation of a
// detail line with a readable end_to_end_id becomes a reason of that transaction (RJCT);
// every other one (the file, the header, the trailer, a line without a usable id) a
// reason of the group. The event lists at most events.MaxViolationsInEvent violations:
// when it was cut, the facts say how many of how many are listed.
func ForRejected(ev events.Rejected, at time.Time) Report {
	r := base(ev.FileID, OutcomeRejected, at, originalMsgID(ev.FileID, ev.SenderID, ev.FileReference), Rejected)
	index := map[string]int{}
	for _, v := range ev.Violations {
		reason := violationReason(v)
		if !fitsMax35(v.EndToEndID) || v.Line == 0 {
			r.Reasons = append(r.Reasons, reason)
			continue
		}
		i, seen := index[v.EndToEndID]
		if !seen {
			i = len(r.Transactions)
			index[v.EndToEndID] = i
			r.Transactions = append(r.Transactions, Transaction{EndToEndID: v.EndToEndID, Status: Rejected})
		}
		r.Transactions[i].Reasons = append(r.Transactions[i].Reasons, reason)
	}
	r.Reasons = append(r.Reasons, facts(ev.FileRef, ev.RefdataVersion, rejectedFacts(ev)...))
	return r
}

// violationReason is a violation as ISO code and text: our code first, so that the
// report and the CSV rejection report can be matched, then where and what.
func violationReason(v events.Violation) Reason {
	where := "file"
	if v.Line > 0 {
		where = fmt.Sprintf("line %d", v.Line)
	}
	text := fmt.Sprintf("%s %s %s: %s", v.Code, where, v.Field, v.Message)
	return Reason{Code: ISOReason(v.Code, v.Field), Info: chunks(text, 3)}
}

func rejectedFacts(ev events.Rejected) []string {
	var out []string
	if ev.Report != "" {
		out = append(out, "rejection report "+ev.Report)
	}
	if listed := len(ev.Violations); ev.ViolationCount > listed {
		out = append(out, fmt.Sprintf("%d of %d violations listed here; the rejection report has them all", listed, ev.ViolationCount))
	}
	return out
}
