package pain001

import (
	"crypto/sha256"
	"encoding/base32"
	"strconv"
	"strings"
	"unicode/utf8"
)

// max35 is the length limit of Max35Text, the type of MsgId, PmtInfId and Othr/Id.
const max35 = 35

// hashLen base32 characters carry 60 bits of SHA-256: enough that two shortened
// identifiers with the same readable prefix do not meet in practice.
const hashLen = 12

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// FileName is the File B name: "pain001_<sender_id>_<file_reference>.xml". It depends
// on nothing else, so a retry overwrites the same blob instead of adding a second one.
//
// Spec-valid parts are already safe and contain no '_', so the name is unique per
// input. Any other character (one per rune) becomes '_', so that a bad value can never
// make a path ("/", "..") or an odd blob name.
func FileName(senderID, fileReference string) string {
	return "pain001_" + safe(senderID) + "_" + safe(fileReference) + ".xml"
}

func safe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '_'
	}, s)
}

// MsgID is GrpHdr/MsgId, at most 35 characters (Max35Text). The rule:
//
//   - "SENDER/REF" when it is at most 35 characters, e.g. "ACME-CORP/PAY-2026-11-25-001";
//   - otherwise the first 22 characters of "SENDER/REF", a '.', and 12 base32
//     characters of SHA-256("SENDER/REF"): exactly 35 characters.
//
// Why it does not collide: neither part may contain '/', so "SENDER/REF" is unique per
// (sender, reference), which the spec makes unique for ever. Full forms never contain
// '.', short forms always do, so the two never meet; two short forms meet only if they
// share their 22-character prefix and 60 bits of hash.
func MsgID(senderID, fileReference string) string {
	return Fit(senderID+"/"+fileReference, max35)
}

// pmtInfID is the PmtInfId of batch i (from 0): MsgId + "-" + (i+1), with MsgId
// shortened by the MsgID rule when the whole would pass 35 characters. The suffix makes
// it unique in the message; the index is digits after the last '-', so full forms
// cannot meet across messages either.
func pmtInfID(msgID string, i int) string {
	suffix := "-" + strconv.Itoa(i+1)
	return Fit(msgID, max35-len(suffix)) + suffix
}

// Fit returns s when it has at most n characters, else a prefix of s, '.', and a hash
// of all of s, n characters in all. n must exceed hashLen+1. The status reports
// (internal/pain002) shorten their identifiers the same way.
func Fit(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	return Prefix(s, n-1-hashLen) + "." + b32.EncodeToString(sum[:])[:hashLen]
}

// Prefix is the first n characters of s, never cutting a rune in two.
func Prefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
