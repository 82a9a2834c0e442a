package paymentfile

import "bytes"

// The spec's field names of each record type, in file order.
var (
	headerFields = []string{"record_type", "sender_id", "file_reference", "created_at"}
	detailFields = []string{"record_type", "end_to_end_id", "debtor_iban", "execution_date", "amount",
		"currency", "creditor_name", "creditor_iban", "creditor_bic", "remittance_info"}
	trailerFields = []string{"record_type", "record_count", "control_sum"}
	fieldNames    = map[string][]string{"H": headerFields, "D": detailFields, "T": trailerFields}
)

// place checks where a record of type typ stands in the file and counts it. It reports
// whether the record's fields should be checked: a misplaced header is not, since the
// sender it names cannot govern the lines before it.
func (v *validator) place(typ string) bool {
	switch typ {
	case "H":
		return v.placeHeader()
	case "D":
		v.details++
		if v.trailerLine > 0 {
			v.rep.add(v.line, fieldRecord, CodeFormat, "D record after the trailer on line %d", v.trailerLine)
		}
		return true
	case "T":
		if v.trailerLine > 0 {
			v.rep.add(v.line, fieldRecord, CodeFormat, "more than one trailer (the first is on line %d)", v.trailerLine)
			return false
		}
		v.trailerLine = v.line
		return true
	}
	v.rep.add(v.line, fieldRecord, CodeFormat, "unknown record type %s (want H, D or T)", show(typ))
	return false
}

func (v *validator) placeHeader() bool {
	first := v.line == 1
	switch {
	case first:
	case v.headerSeen:
		v.rep.add(v.line, fieldRecord, CodeFormat, "more than one header (H) record")
	default:
		v.rep.add(v.line, fieldRecord, CodeFormat, "the header (H) must be the first line")
	}
	v.headerSeen = true
	return first
}

// placeBroken places a record whose fields could not be read. Only a known type is
// placed: the line already has its violation, and its first bytes are not worth a
// second one.
func (v *validator) placeBroken(typ string) {
	if fieldNames[typ] == nil {
		return
	}
	v.place(typ)
	if typ == "D" {
		v.sumOK = false
	}
}

// recordType is the raw first field of a line that could not be split.
func recordType(b []byte) string {
	if i := bytes.IndexByte(b, ','); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// finish makes the whole-file checks once every line has been read.
func (v *validator) finish() {
	if v.records == 0 {
		v.rep = report{}
		v.rep.add(0, fieldFile, CodeEmptyFile, "the file has no records")
		return
	}
	if !v.headerSeen {
		v.rep.add(0, fieldRecord, CodeFormat, "no header (H) record")
	}
	if v.details == 0 {
		v.rep.add(0, fieldRecord, CodeFormat, "no detail (D) record: a file needs at least one payment")
	}
	if v.trailerLine == 0 {
		v.rep.add(0, fieldRecord, CodeFormat, "no trailer (T) record")
	}
	v.checkTotals()
	v.checkLimit()
}
