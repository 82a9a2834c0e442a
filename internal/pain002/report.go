package pain002

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/pain001"
)

// Report is the content of one pain.002, before it is written as XML.
type Report struct {
	FileID  string
	Outcome string    // created, rejected or compensated
	MsgID   string    // GrpHdr/MsgId
	Created time.Time // GrpHdr/CreDtTm: the final event's time
	// OrgnlGrpInfAndSts
	OrgnlMsgID   string // File B's MsgId (sender/reference), or the file id without a header
	OrgnlNbOfTxs int    // 0: unknown, left out
	OrgnlCtrlSum string // "": unknown, left out
	Status       string // GrpSts
	Reasons      []Reason
	// Transactions are the rejected file's transactions that broke rules, by
	// end-to-end id, in order of first appearance: one OrgnlPmtInfAndSts holds them.
	Transactions []Transaction
}

// Reason is one StsRsnInf: an ISO code ("" for facts without a reason) and texts.
type Reason struct {
	Code string
	Info []string // AddtlInf, each at most 105 characters once written
}

// Transaction is one TxInfAndSts.
type Transaction struct {
	EndToEndID string
	Status     string
	Reasons    []Reason
}

// Outcomes of a file, as the reporter names them (the tracker's and the evidence's words).
const (
	OutcomeCreated     = "created"
	OutcomeRejected    = "rejected"
	OutcomeCompensated = "compensated"
)

// ForCreated is the report of a file whose File B was written: ACCP, its count and sum.
func ForCreated(ev events.Created, at time.Time) Report {
	r := base(ev.FileID, OutcomeCreated, at, ev.MsgID, AcceptedCustomerProfile)
	if r.OrgnlMsgID == "" {
		r.OrgnlMsgID = originalMsgID(ev.FileID, ev.SenderID, ev.FileReference)
	}
	r.OrgnlNbOfTxs, r.OrgnlCtrlSum = ev.NbOfTxs, ev.ControlSum.String()
	r.Reasons = []Reason{facts(ev.FileRef, ev.RefdataVersion, "file_b "+ev.FileB)}
	return r
}

// ForCompensated is the report of a file that failed for good on the bank's side and
// was undone: RJCT with FF10 (BankSystemProcessingError), the stage, event and reason
// in AddtlInf. The customer may submit it again.
func ForCompensated(ev events.Failed, at time.Time) Report {
	r := base(ev.FileID, OutcomeCompensated, at, "", Rejected)
	r.OrgnlMsgID = originalMsgID(ev.FileID, "", "")
	info := chunks("compensated: stage "+ev.Stage+" failed for good on "+ev.Topic, 2)
	info = append(info, "nothing of the file was kept; it may be submitted again")
	info = append(info, chunks("reason: "+ev.Reason, maxReasonChunks)...)
	if ev.DeadLetterID != "" {
		info = append(info, "dead letter "+ev.DeadLetterID)
	}
	r.Reasons = []Reason{{Code: Compensated, Info: info}, facts(ev.FileRef, "")}
	return r
}

// maxReasonChunks bounds the failure reason copied into a report (an error chain).
const maxReasonChunks = 5

func base(fileID, outcome string, at time.Time, orgnl, status string) Report {
	return Report{FileID: fileID, Outcome: outcome, MsgID: MsgID(fileID), Created: at.UTC().Truncate(time.Second),
		OrgnlMsgID: orgnl, Status: status}
}

// originalMsgID names the customer's message: the MsgId its File B has (or would have
// had), derived from sender_id and file_reference; the file id when the header could not
// be read.
func originalMsgID(fileID, senderID, fileReference string) string {
	if senderID != "" && fileReference != "" {
		return pain001.MsgID(senderID, fileReference)
	}
	return fit(fileID, 35)
}

// facts is the last StsRsnInf of a report: no reason code, only what identifies the file
// and how it was checked (its id, its name, the reference-data version), plus extra.
func facts(ref events.FileRef, refdataVersion string, extra ...string) Reason {
	info := []string{"file_id " + ref.FileID}
	info = append(info, chunks("blob "+ref.Blob, 3)...)
	if refdataVersion != "" {
		info = append(info, "refdata_version "+refdataVersion)
	}
	for _, e := range extra {
		info = append(info, chunks(e, 3)...)
	}
	return Reason{Info: info}
}

// maxText is the length of Max105Text, AddtlInf's type.
const maxText = 105

// chunks cuts s into texts of at most 105 characters, at a space where one is in the
// second half of a piece (the space is left out), at most max of them (the last one then
// ends with "..."); none is empty.
func chunks(s string, max int) []string {
	var out []string
	for s != "" && len(out) < max {
		c := runes(s, maxText)
		rest := s[len(c):]
		if i := strings.LastIndexByte(c, ' '); rest != "" && i > len(c)/2 {
			c, rest = c[:i], s[i+1:]
		}
		s = rest
		if s != "" && len(out) == max-1 {
			c = runes(c, maxText-3) + "..."
		}
		out = append(out, c)
	}
	return out
}

// fitsMax35 says whether s can be written as a Max35Text.
func fitsMax35(s string) bool { return s != "" && utf8.RuneCountInString(s) <= 35 }

func itoa(n int) string { return strconv.Itoa(n) }
