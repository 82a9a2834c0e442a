package validation

import (
	"bytes"
	"strings"

	"github.com/paychoreo/choreography/internal/payment"
)

// HeaderOnly reads sender_id and file_reference from a rejected file's first line, so
// that its rejection names them for the people following it. Only values that pass the
// spec's character rules are kept: nothing else from a bad file is echoed.
func HeaderOnly(data []byte) *payment.File {
	line, _, _ := bytes.Cut(bytes.TrimPrefix(data, []byte("\ufeff")), []byte("\n"))
	fields := strings.Split(strings.TrimRight(string(line), "\r"), ",")
	if len(fields) < 3 || fields[0] != "H" || !plain(fields[1], false) || !plain(fields[2], true) {
		return nil
	}
	return &payment.File{Sender: payment.Sender{ID: fields[1]}, FileReference: fields[2]}
}

// plain: 1-35 characters of [A-Z0-9-], or [A-Za-z0-9-] when lower is allowed.
func plain(s string, lower bool) bool {
	if len(s) == 0 || len(s) > 35 {
		return false
	}
	for _, r := range s {
		ok := r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || lower && r >= 'a' && r <= 'z'
		if !ok {
			return false
		}
	}
	return true
}
