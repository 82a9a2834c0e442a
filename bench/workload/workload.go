// Package workload makes the File A of the benchmark: valid payment files of ACME-CORP
// (refdata/sample.json), over its two active debtor accounts and three execution dates,
// so that every file ends as a File B. The same name, reference and content come out of
// the same arguments, so every variant of a run sees identical files.
package workload

import (
	"bytes"
	"fmt"
	"strconv"
)

// Sender is the sender of every benchmark file: its daily limit (20,000,000.00) and
// per-file maximum (5,000,000.00) hold one run of every workload with room to spare.
const Sender = "ACME-CORP"

var (
	debtors = []string{"DE89370400440532013000", "DE02120300000000202051"}
	dates   = []string{"2026-11-26", "2026-11-27", "2026-11-30"}
)

// File is one File A: its blob name, file reference and content.
type File struct {
	Name     string
	Ref      string
	Payments int
	Content  []byte
}

// Make builds a valid File A of n payments named <ref>.csv. Amounts are 0.01 to 50.00
// (25 on average), so a 100,000-payment file stays under ACME-CORP's per-file maximum.
func Make(ref string, n int) File {
	var b bytes.Buffer
	b.Grow(64 + n*110)
	fmt.Fprintf(&b, "H,%s,%s,2026-11-25T08:00:00+01:00\n", Sender, ref)
	var cents int64
	line := make([]byte, 0, 160)
	for i := 0; i < n; i++ {
		c := int64(1 + (i*7919)%5000)
		cents += c
		line = append(line[:0], "D,E2E-"...)
		line = appendPadded(line, i, 7)
		line = append(line, ',')
		line = append(line, debtors[i%2]...)
		line = append(line, ',')
		line = append(line, dates[i%3]...)
		line = append(line, ',')
		line = appendAmount(line, c)
		line = append(line, ",EUR,Creditor "...)
		line = strconv.AppendInt(line, int64(i), 10)
		line = append(line, ",FR1420041010050500013M02606,BNPAFRPP,Invoice "...)
		line = strconv.AppendInt(line, int64(i), 10)
		line = append(line, '/', '2', '0', '2', '6', '\n')
		b.Write(line)
	}
	fmt.Fprintf(&b, "T,%d,%s\n", n, appendAmount(nil, cents))
	return File{Name: ref + ".csv", Ref: ref, Payments: n, Content: b.Bytes()}
}

// Many builds count files of n payments each, with references <prefix>-00001...
func Many(prefix string, count, n int) []File {
	out := make([]File, count)
	for i := range out {
		out[i] = Make(fmt.Sprintf("%s-%05d", prefix, i+1), n)
	}
	return out
}

func appendPadded(dst []byte, v, width int) []byte {
	s := strconv.Itoa(v)
	for i := len(s); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}

func appendAmount(dst []byte, cents int64) []byte {
	dst = strconv.AppendInt(dst, cents/100, 10)
	return append(dst, '.', byte('0'+cents%100/10), byte('0'+cents%10))
}
