package validation

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/paymentfile"
)

// Report renders a rejection report that opens in a spreadsheet: one row per
// violation. Cells that echo the customer's input are defused so that a value such as
// "=HYPERLINK(...)" is shown as text and never runs as a formula.
//
// The last column, refdata_version, is the reference table's version the file was
// checked against (the same on every row; empty when the file was rejected before its
// sender was looked up). It comes last so that readers that take columns by position
// (internal/testpipe.ReportCodes takes line, field and code) read it as before.
//
// Nothing is masked here, unlike everywhere else violations are shown (internal/mask):
// the report is the sender's own file, answering their File A, and must name the very
// account or name that is wrong. It is served only as a file (the tracker's
// /outputs/{id}/report), which is to stand behind the bank's access control.
func Report(ref events.FileRef, version string, vs []paymentfile.Violation) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"file_id", "blob", "line", "field", "code", "message", "refdata_version"})
	for _, v := range vs {
		w.Write([]string{ref.FileID, cell(ref.Blob), strconv.Itoa(v.Line), cell(v.Field), v.Code, cell(v.Message), version})
	}
	w.Flush()
	return buf.Bytes()
}

// cell prefixes a quote to text a spreadsheet would read as a formula (OWASP CSV
// injection guidance: =, +, -, @, tab, carriage return).
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
