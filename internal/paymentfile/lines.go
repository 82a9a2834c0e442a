package paymentfile

import (
	"bufio"
	"bytes"
	"io"
)

// maxLineBytes is far above the longest legal record (a D record stays under 1.5 KB
// even with 4-byte runes and every quote doubled) and bounds what one line can cost.
const maxLineBytes = 8 << 10

var bom = []byte("\xEF\xBB\xBF")

// lineReader yields physical lines. Only LF ends a line; a CR directly before it is
// part of the line ending, a CR anywhere else is data.
type lineReader struct {
	br   *bufio.Reader
	num  int // number of the line last returned
	eof  bool
	head [16]byte // start of an over-long line, kept to tell its record type
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next line without its line ending, valid until the next call. A line
// longer than maxLineBytes comes back cut short with tooLong set. After the last line
// it returns io.EOF; a final newline does not start another line.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	if lr.eof {
		return nil, false, io.EOF
	}
	line, err = lr.br.ReadSlice('\n')
	full := err == bufio.ErrBufferFull
	switch {
	case err == io.EOF:
		lr.eof = true
	case err != nil && !full:
		return nil, false, err
	}
	if lr.num == 0 {
		line = bytes.TrimPrefix(line, bom)
	}
	if lr.eof && len(line) == 0 {
		return nil, false, io.EOF
	}
	lr.num++
	if full {
		return lr.skipRest(line)
	}
	line = trimEOL(line)
	return line, len(line) > maxLineBytes, nil
}

// skipRest keeps the start of an over-long line and discards the rest of it, so that a
// file without newlines costs one buffer, not its size.
func (lr *lineReader) skipRest(start []byte) ([]byte, bool, error) {
	n := copy(lr.head[:], start)
	for {
		_, err := lr.br.ReadSlice('\n')
		switch err {
		case nil:
			return lr.head[:n], true, nil
		case io.EOF:
			lr.eof = true
			return lr.head[:n], true, nil
		case bufio.ErrBufferFull:
		default:
			return nil, false, err
		}
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n > 1 && b[n-2] == '\r' {
			b = b[:n-2]
		}
	}
	return b
}
