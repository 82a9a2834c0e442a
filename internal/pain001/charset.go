package pain001

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/paychoreo/choreography/internal/epc"
)

// ErrCharset means a File B holds text outside the EPC basic character set.
var ErrCharset = errors.New("pain001: File B text outside the EPC basic character set")

// CheckCharset reads a File B and checks what a bank's gateway checks: every element's
// text and every attribute value is in the EPC basic character set (internal/epc), the
// space between elements is indentation only, and the document holds no character or
// entity reference and no byte outside printable ASCII. It names the element and the
// line of the first problem.
func CheckCharset(doc []byte) error {
	if err := checkText(doc); err != nil {
		return err
	}
	for i, c := range doc {
		if c == '&' || c >= 0x7f || c < 0x20 && c != '\n' {
			line := bytes.Count(doc[:i], []byte("\n")) + 1
			return fmt.Errorf("%w: line %d holds the byte %#02x: File B is printable ASCII without references", ErrCharset, line, c)
		}
	}
	return nil
}

// checkText walks the elements: text right inside an element without children is its
// value, any other text is layout.
func checkText(doc []byte) error {
	d := xml.NewDecoder(bytes.NewReader(doc))
	var path []string
	var text []byte
	leaf := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: not well-formed XML: %w", ErrCharset, err)
		}
		line, _ := d.InputPos()
		where := func() string { return fmt.Sprintf("line %d %s", line, strings.Join(path, "/")) }
		switch t := tok.(type) {
		case xml.StartElement:
			if !layout(text) {
				return fmt.Errorf("%w: %s: text beside elements %q", ErrCharset, where(), text)
			}
			path, text, leaf = append(path, t.Name.Local), text[:0], true
			for _, a := range t.Attr {
				if !epc.Basic(a.Value) {
					return fmt.Errorf("%w: %s@%s: %s", ErrCharset, where(), a.Name.Local, outside(a.Value))
				}
			}
		case xml.CharData:
			text = append(text, t...)
		case xml.EndElement:
			if leaf && !epc.Basic(string(text)) {
				return fmt.Errorf("%w: %s: %s", ErrCharset, where(), outside(string(text)))
			}
			if !leaf && !layout(text) {
				return fmt.Errorf("%w: %s: text beside elements %q", ErrCharset, where(), text)
			}
			path, text, leaf = path[:len(path)-1], text[:0], false
		case xml.Comment, xml.Directive:
			return fmt.Errorf("%w: line %d: a comment or directive", ErrCharset, line)
		}
	}
}

// layout reports text that is only the writer's indentation.
func layout(text []byte) bool {
	return len(bytes.Trim(text, " \n")) == 0
}

// outside names the first character of s outside the basic set.
func outside(s string) string {
	for _, r := range s {
		if !epc.Basic(string(r)) {
			return fmt.Sprintf("%s is outside the EPC basic character set", epc.Describe(r))
		}
	}
	return "(all basic)"
}
