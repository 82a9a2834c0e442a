package paymentfile

import (
	"fmt"
	"time"
)

// Field positions in an H record.
const (
	hSenderID = 1 + iota
	hFileReference
	hCreatedAt
)

// header checks the H record on line 1 and looks its sender up.
func (v *validator) header(f []string) error {
	v.file.Sender.ID, v.file.FileReference, v.file.CreatedAt = f[hSenderID], f[hFileReference], f[hCreatedAt]
	var err error
	if v.checkIdent(headerFields[hSenderID], f[hSenderID], CodeInvalidSenderID, checkSenderID) {
		err = v.lookupSender(f[hSenderID])
	}
	v.checkIdent(headerFields[hFileReference], f[hFileReference], CodeInvalidFileReference, checkFileReference)
	v.check(headerFields[hCreatedAt], f[hCreatedAt], CodeInvalidCreatedAt, checkCreatedAt)
	return err
}

// lookupSender finds the sender in the reference table. An inactive sender is kept, so
// that its accounts and limit are still checked and the report is complete.
func (v *validator) lookupSender(id string) error {
	s, err := v.lookup(v.ctx, id)
	if err != nil {
		return fmt.Errorf("paymentfile: look up sender %q: %w", id, err)
	}
	name := headerFields[hSenderID]
	switch {
	case s == nil:
		v.rep.add(v.line, name, CodeUnknownSender, "sender_id %s is not in the reference table", show(id))
	case !s.Active:
		v.rep.add(v.line, name, CodeSenderInactive, "sender %s is not active", show(id))
	}
	v.sender = s
	return nil
}

func checkSenderID(s string) string {
	return checkID(s, classUpper|classDigit|classDash, "A-Z, 0-9 and -")
}

func checkFileReference(s string) string {
	return checkID(s, classUpper|classLower|classDigit|classDash, "A-Z, a-z, 0-9 and -")
}

// checkCreatedAt wants RFC 3339 with an offset; "Z" is RFC 3339's offset for UTC.
func checkCreatedAt(s string) string {
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		return "must be an RFC 3339 timestamp with offset, like 2026-11-25T08:00:00+01:00"
	}
	return ""
}
