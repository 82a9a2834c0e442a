package pain001

import (
	"bufio"
	"encoding/xml"
	"io"
	"strconv"

	"github.com/paychoreo/choreography/internal/epc"
	"github.com/paychoreo/choreography/internal/payment"
)

// writer streams indented XML. It never holds more than one field: each value is
// escaped straight into the buffered output, so memory does not grow with the document.
//
// Write errors are not checked call by call: bufio.Writer keeps the first one and
// stops writing, and flush reports it.
type writer struct {
	w     *bufio.Writer
	depth int
	buf   []byte // scratch for the field being written; reused, so no allocation per field
}

const indent = "                    " // deeper than any element of File B needs

func newWriter(w io.Writer) *writer { return &writer{w: bufio.NewWriterSize(w, 64<<10)} }

func (x *writer) flush() error { return x.w.Flush() }

func (x *writer) raw(s string) { x.w.WriteString(s) }

// tag writes a start or end tag as three pieces, e.g. "</", "Nm", ">\n", so that no
// string is built for it.
func (x *writer) tag(before, name, after string) {
	x.w.WriteString(before)
	x.w.WriteString(name)
	x.w.WriteString(after)
}

func (x *writer) line() { x.w.WriteString(indent[:2*x.depth]) }

func (x *writer) open(name string) {
	x.line()
	x.tag("<", name, ">\n")
	x.depth++
}

func (x *writer) close(name string) {
	x.depth--
	x.line()
	x.tag("</", name, ">\n")
}

// leaf writes <name>text</name>, with text XML-escaped. EscapeText also turns a
// character XML cannot carry (a control character, broken UTF-8) into U+FFFD, one for
// one, so the character count the checks saw is the count in the document.
func (x *writer) leaf(name, text string) {
	x.line()
	x.tag("<", name, ">")
	x.buf = append(x.buf[:0], text...)
	xml.EscapeText(x.w, x.buf)
	x.tag("</", name, ">\n")
}

// text writes <name>text</name> with text converted into the EPC basic character set.
// Converted text needs no escape, and gets none: File B then holds no character
// reference a gateway checking its bytes could take for text outside the set. Render's
// checks have made sure that text converts.
func (x *writer) text(name, text string) {
	x.line()
	x.tag("<", name, ">")
	x.buf, _ = epc.Append(x.buf[:0], text)
	x.w.Write(x.buf)
	x.tag("</", name, ">\n")
}

// chain writes an identifier or code as the leaf of nested elements: chain("x", "A",
// "B") is <A><B>x</B></A>, one element a line.
func (x *writer) chain(value string, names ...string) { x.nest(value, false, names) }

// chainText is chain for free text, converted into the EPC basic character set.
func (x *writer) chainText(text string, names ...string) { x.nest(text, true, names) }

func (x *writer) nest(s string, text bool, names []string) {
	last := len(names) - 1
	for _, n := range names[:last] {
		x.open(n)
	}
	if text {
		x.text(names[last], s)
	} else {
		x.leaf(names[last], s)
	}
	for i := last - 1; i >= 0; i-- {
		x.close(names[i])
	}
}

// count writes a Max15NumericText.
func (x *writer) count(name string, n int) {
	x.number(name, "", strconv.AppendInt(x.buf[:0], int64(n), 10))
}

// amount writes a decimal with two fraction digits; attrs goes into the start tag.
func (x *writer) amount(name, attrs string, a payment.Amount) {
	x.number(name, attrs, appendAmount(x.buf[:0], a))
}

// number writes digits, which need no escaping.
func (x *writer) number(name, attrs string, digits []byte) {
	x.buf = digits
	x.line()
	x.tag("<", name, attrs)
	x.raw(">")
	x.w.Write(digits)
	x.tag("</", name, ">\n")
}

// appendAmount is Amount.String without the allocation: "1250.00". Render only sees
// amounts the checks have bounded to be positive.
func appendAmount(dst []byte, a payment.Amount) []byte {
	c := int64(a)
	dst = strconv.AppendInt(dst, c/100, 10)
	return append(dst, '.', byte('0'+c%100/10), byte('0'+c%10))
}
