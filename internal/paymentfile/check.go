package paymentfile

import (
	"strconv"
	"unicode/utf8"
)

// A rule checks one field's text and returns what is wrong with it, or "".
type rule func(string) string

// check applies r to a field and reports a problem under code. It reports whether
// the field is valid.
func (v *validator) check(name, value, code string, r rule) bool {
	return v.utf8OK(name, value) && v.apply(name, value, code, r)
}

// apply is check without the UTF-8 test, for a field already known to be UTF-8.
func (v *validator) apply(name, value, code string, r rule) bool {
	if problem := r(value); problem != "" {
		v.rep.add(v.line, name, code, "%s %s: %s", name, show(value), problem)
		return false
	}
	return true
}

// utf8OK reports a field that is not UTF-8; its other rules are not checked, since
// they would only repeat the problem.
func (v *validator) utf8OK(name, value string) bool {
	if v.badUTF8 && !utf8.ValidString(value) {
		v.rep.add(v.line, name, CodeEncoding, "%s is not valid UTF-8", name)
		return false
	}
	return true
}

// show quotes a value for a message, cut short so that a junk field cannot bloat the
// report.
func show(s string) string {
	const max = 40
	if len(s) <= max {
		return strconv.Quote(s)
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return strconv.Quote(s[:i] + "…")
}
