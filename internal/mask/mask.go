// Package mask hides payment data (account numbers, creditor names, remittance texts)
// wherever people or tools other than the sender see it: logs, the tracker's lists and
// timelines, dead-letter records, notifications. IBAN masking keeps the first four and
// last four characters (DE89…3000): enough to tell accounts apart and match a file by
// eye, too little to pay into one.
//
// What keeps the data whole, on purpose: File A, File B, the rejection report
// (report.csv) and the pain.002, which are the sender's own files and the bank's
// systems' input, and the events between the steps, from which the pain.002 is built.
package mask

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Ellipsis stands for what a mask hides.
const Ellipsis = "…"

// IBAN masks an account number: its first and last four characters around an ellipsis
// (DE89…3000), spaces left out. A short value shows less, so that at least four of its
// characters are always hidden.
func IBAN(s string) string {
	r := []rune(strings.ReplaceAll(s, " ", ""))
	keep := min(4, (len(r)-4)/2)
	if keep <= 0 {
		return Ellipsis
	}
	return string(r[:keep]) + Ellipsis + string(r[len(r)-keep:])
}

// Name masks a name or a free text: its first character and an ellipsis.
func Name(s string) string {
	if s == "" {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(s)
	return string(r) + Ellipsis
}

// ibanLike is an IBAN in its electronic or its printed form (groups of four): two
// capitals, two digits, 8 to 30 capitals or digits more. Capitals only: the project's own
// ids (file ids, trace ids, hashes) are lowercase hex and must stay readable in logs.
var ibanLike = regexp.MustCompile(`\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b`)

// Text masks every IBAN-shaped token of a free text (an error, a log line, a reason).
// It cannot recognise a name: values of named fields go through Message.
func Text(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s // no IBAN without digits; most log lines stop here
	}
	return ibanLike.ReplaceAllStringFunc(s, IBAN)
}

// fields are File A's fields that hold payment data, each with its mask
// (payment-file-v1; internal/paymentfile's detail record names them).
var fields = map[string]func(string) string{
	"debtor_iban":     IBAN,
	"creditor_iban":   IBAN,
	"creditor_name":   Name,
	"remittance_info": Name,
}

// Fields lists the fields Message masks the value of.
func Fields() []string {
	out := make([]string, 0, len(fields))
	for f := range fields {
		out = append(out, f)
	}
	return out
}

// Message masks a violation message about field: the value it quotes (as
// internal/paymentfile quotes values, `creditor_iban "DE89…": ...`) is masked when the
// field holds payment data, and any IBAN-shaped token left is masked too.
func Message(field, msg string) string {
	if m, ok := fields[field]; ok {
		if i := strings.IndexByte(msg, '"'); i >= 0 {
			if q, err := strconv.QuotedPrefix(msg[i:]); err == nil {
				v, _ := strconv.Unquote(q)
				msg = msg[:i] + strconv.Quote(m(strings.TrimSuffix(v, Ellipsis))) + msg[i+len(q):]
			}
		}
	}
	return Text(msg)
}
