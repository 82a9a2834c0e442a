package paymentfile

import "unicode/utf8"

// record checks one line. Only the sender lookup can fail technically. The line's
// violations carry its end_to_end_id when it is a detail line whose id is valid.
func (v *validator) record(b []byte, tooLong bool) error {
	start := len(v.rep.list)
	v.lineE2E = ""
	err := v.checkLine(b, tooLong)
	v.rep.nameSince(start, v.lineE2E)
	return err
}

// checkLine splits one line into its fields and checks them.
func (v *validator) checkLine(b []byte, tooLong bool) error {
	if len(b) == 0 && !tooLong {
		v.rep.add(v.line, fieldRecord, CodeFormat, "blank line: records must follow each other without empty lines")
		return nil
	}
	v.records++
	if tooLong {
		v.rep.add(v.line, fieldRecord, CodeFormat, "line is longer than %d bytes", maxLineBytes)
		v.placeBroken(recordType(b))
		return nil
	}
	s := string(b)
	v.badUTF8 = !utf8.ValidString(s)
	fields, problem, col := splitFields(v.fields[:0], s)
	v.fields = fields
	if problem != "" {
		v.reportEncoding()
		// Columns count characters, as an editor does; col counts bytes.
		v.rep.add(v.line, fieldRecord, CodeFormat, "column %d: %s", utf8.RuneCountInString(s[:col-1])+1, problem)
		v.placeBroken(recordType(b))
		return nil
	}
	return v.dispatch(fields)
}

// dispatch checks a record that split into fields.
func (v *validator) dispatch(f []string) error {
	typ := f[0]
	check := v.place(typ)
	if want := len(fieldNames[typ]); check && len(f) != want {
		v.rep.add(v.line, fieldRecord, CodeFormat, "%s record has %d fields, want %d", typ, len(f), want)
		check = false
	}
	if !check {
		v.reportEncoding()
		if typ == "D" {
			v.sumOK = false
		}
		return nil
	}
	switch typ {
	case "H":
		return v.header(f)
	case "D":
		v.detail(f)
	case "T":
		v.trailer(f)
	}
	return nil
}

// reportEncoding reports a line that is not UTF-8 where we cannot name the field.
func (v *validator) reportEncoding() {
	if v.badUTF8 {
		v.rep.add(v.line, fieldRecord, CodeEncoding, "line is not valid UTF-8")
	}
}
