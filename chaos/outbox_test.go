//go:build chaos

package chaos

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paychoreo/choreography/internal/pain001"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// fileB is the part of pain.001 compared with File A.
type fileB struct {
	MsgID   string `xml:"CstmrCdtTrfInitn>GrpHdr>MsgId"`
	NbOfTxs string `xml:"CstmrCdtTrfInitn>GrpHdr>NbOfTxs"`
	CtrlSum string `xml:"CstmrCdtTrfInitn>GrpHdr>CtrlSum"`
}

// checkOutbox: exactly one File B with its trigger per created file, each equal to File A
// in count and control sum, and no File B for anything else.
func (t *tally) checkOutbox(p *testpipe.Pipeline, created map[string]sent) {
	docs, _ := filepath.Glob(filepath.Join(p.Data, "outbox", "*.xml"))
	byMsgID := map[string]int{}
	seen := map[string]bool{}
	for _, path := range docs {
		name := filepath.Base(path)
		raw, err := os.ReadFile(path)
		var b fileB
		if err == nil {
			err = xml.Unmarshal(raw, &b)
		}
		byMsgID[b.MsgID]++
		f, ok := created[name]
		switch {
		case !ok:
			t.strayB = append(t.strayB, name)
		case err != nil:
			t.badB = append(t.badB, fmt.Sprintf("%s: %v", name, err))
		case b.NbOfTxs != strconv.Itoa(f.count) || b.CtrlSum != amount(f.cents):
			t.badB = append(t.badB, fmt.Sprintf("%s: NbOfTxs/CtrlSum %s/%s, File A %d/%s", name, b.NbOfTxs, b.CtrlSum, f.count, amount(f.cents)))
		case pain001.CheckCharset(raw) != nil:
			t.badB = append(t.badB, fmt.Sprintf("%s: %v", name, pain001.CheckCharset(raw)))
		case !triggerMatches(path, raw):
			t.badB = append(t.badB, name+": trigger .ok missing or not matching the document")
		default:
			seen[name] = true
		}
	}
	for _, n := range byMsgID {
		t.dupB += n - 1
	}
	for name, f := range created {
		if !seen[name] && !contains(t.badB, name) {
			t.missingB = append(t.missingB, f.name+" -> "+name)
		}
	}
}

func triggerMatches(doc string, raw []byte) bool {
	var trg struct{ SHA256 string }
	b, err := os.ReadFile(doc + ".ok")
	if err != nil || json.Unmarshal(b, &trg) != nil {
		return false
	}
	sum := sha256.Sum256(raw)
	return trg.SHA256 == hex.EncodeToString(sum[:])
}

func contains(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
