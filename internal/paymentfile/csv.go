package paymentfile

import "strings"

// Quoting problems (RFC 4180), reported as FORMAT.
const (
	quoteUnclosed = "a quoted field is not closed on this line (a field cannot span lines)"
	quoteInField  = "a double quote inside an unquoted field (quote the whole field and double the quote)"
	quoteTrailing = "text after the closing quote of a field (expected a comma or the end of the line)"
)

// splitFields splits one record, without its line ending, into RFC 4180 fields appended
// to dst. Fields are substrings of line (only a field with doubled quotes is copied), so
// a record costs no allocation beyond dst's growth. On a quoting problem it returns the
// problem and the 1-based column where it was found.
func splitFields(dst []string, line string) (fields []string, problem string, col int) {
	pos := 0
	for {
		var f string
		next := -1 // start of the following field; -1 at the end of the line
		if pos < len(line) && line[pos] == '"' {
			f, next, problem, col = quotedField(line, pos)
		} else {
			f, next, problem, col = plainField(line, pos)
		}
		if problem != "" {
			return dst, problem, col
		}
		dst = append(dst, f)
		if next < 0 {
			return dst, "", 0
		}
		pos = next
	}
}

func plainField(line string, pos int) (f string, next int, problem string, col int) {
	f, next = line[pos:], -1
	if i := strings.IndexByte(f, ','); i >= 0 {
		f, next = f[:i], pos+i+1
	}
	if q := strings.IndexByte(f, '"'); q >= 0 {
		return "", 0, quoteInField, pos + q + 1
	}
	return f, next, "", 0
}

// quotedField reads the field whose opening quote is at line[pos].
func quotedField(line string, pos int) (f string, next int, problem string, col int) {
	i, doubled := pos+1, false
	for {
		q := strings.IndexByte(line[i:], '"')
		if q < 0 {
			return "", 0, quoteUnclosed, pos + 1
		}
		i += q
		if i+1 < len(line) && line[i+1] == '"' {
			i, doubled = i+2, true
			continue
		}
		break
	}
	f = line[pos+1 : i]
	if doubled {
		f = strings.ReplaceAll(f, `""`, `"`)
	}
	switch {
	case i+1 == len(line):
		return f, -1, "", 0
	case line[i+1] == ',':
		return f, i + 2, "", 0
	}
	return "", 0, quoteTrailing, i + 2
}
