package staging

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paychoreo/choreography/internal/payment"
)

// decoder reads records from one string, the blob; every field it returns is a slice
// of it (or, when it held an escape, a new string).
type decoder struct {
	s      string
	pos    int
	line   int
	err    error
	fields [10]string
}

func newDecoder(raw string, header string) (*decoder, error) {
	d := &decoder{s: raw}
	if h := d.next(); h != header {
		return nil, fmt.Errorf("staging: blob starts with %q, want %q", cut(h, 40), header)
	}
	return d, nil
}

// next returns the next line without its newline.
func (d *decoder) next() string {
	if d.pos >= len(d.s) {
		return ""
	}
	d.line++
	rest := d.s[d.pos:]
	i := strings.IndexByte(rest, '\n')
	if i < 0 {
		d.pos = len(d.s)
		return rest
	}
	d.pos += i + 1
	return rest[:i]
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("staging: line %d: %s", d.line, fmt.Sprintf(format, args...))
	}
}

// record reads a line of the given kind with n fields after the kind; after an error it
// returns empty fields, so callers need not check at every step.
func (d *decoder) record(kind byte, n int) []string {
	f := d.fields[:n]
	clear(f)
	if d.err != nil {
		return f
	}
	l := d.next()
	if len(l) < 2 || l[0] != kind || l[1] != '\t' {
		d.fail("want a %c record, got %q", kind, cut(l, 40))
		return f
	}
	l = l[2:]
	for i := 0; i < n; i++ {
		j := strings.IndexByte(l, '\t')
		if i == n-1 {
			if j >= 0 {
				d.fail("%c record has more than %d fields", kind, n)
				return f
			}
			f[i] = unescape(l)
			break
		}
		if j < 0 {
			d.fail("%c record has %d fields, want %d", kind, i+1, n)
			return f
		}
		f[i], l = unescape(l[:j]), l[j+1:]
	}
	return f
}

func (d *decoder) int(s string) int64 {
	if d.err != nil {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		d.fail("%q is not a number", cut(s, 20))
	}
	return n
}

// count is a non-negative number bounded by what the rest of the blob can hold (a
// record is at least 3 bytes), so a corrupt count cannot make a huge allocation.
func (d *decoder) count(s string) int {
	n := d.int(s)
	if d.err == nil && (n < 0 || n > int64(len(d.s)-d.pos)/3+1) {
		d.fail("count %d does not fit the blob", n)
	}
	if d.err != nil {
		return 0
	}
	return int(n)
}

func (d *decoder) payment(p *payment.Payment) {
	f := d.record('P', 10)
	p.Line = int(d.int(f[0]))
	p.EndToEndID, p.DebtorIBAN, p.ExecutionDate = f[1], f[2], f[3]
	p.Amount = payment.Amount(d.int(f[4]))
	p.Currency, p.CreditorName, p.CreditorIBAN, p.CreditorBIC, p.RemittanceInfo = f[5], f[6], f[7], f[8], f[9]
}

func (d *decoder) done() error {
	if d.err == nil && d.pos < len(d.s) {
		d.next()
		d.fail("unexpected data after the last record")
	}
	return d.err
}

func unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 't':
				c = '\t'
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			default:
				c = s[i]
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
