package main

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// claim is intake's record of a File A while it is in the inbox. Its key is the blob
// name; CreateState makes the first writer its owner, so one file is announced by one
// intake replica only. When File A leaves the inbox it is marked released, and the
// store forgets it releasedFor later: one key per file name would otherwise stay for
// ever.
type claim struct {
	FileID    string `json:"file_id"`
	Blob      string `json:"blob"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	ClaimedAt string `json:"claimed_at"`
	Announced bool   `json:"announced"`
	// TraceParent starts the file's trace; every later event of the file continues it.
	TraceParent string `json:"traceparent"`
	// ReleasedAt is set when File A left the inbox. The claim is kept a while instead of
	// deleted: another replica may have listed the blob just before it moved, and must
	// not take it for a new file (releasedGrace).
	ReleasedAt string `json:"released_at,omitempty"`
}

// releasedGrace is how long a released claim still stands for its name: longer than a
// scan that listed the blob before it moved can take to get to it (scans and moves are
// also serialised by the inbox lease; this covers a lease that expired mid-scan).
const releasedGrace = 3 * time.Second

// recentlyReleased says the claim's File A left the inbox less than releasedGrace ago.
func (c claim) recentlyReleased(now time.Time) bool {
	t, err := time.Parse(time.RFC3339Nano, c.ReleasedAt)
	return c.ReleasedAt != "" && err == nil && now.Sub(t) < releasedGrace
}

// releasedFor is how long a released claim is kept: far longer than releasedGrace.
const releasedFor = 24 * time.Hour

func claimKey(blob string) string { return "inbox|" + blob }

// newFileID names one submission: the same content dropped again later is a new
// submission with its own id (duplicates are the validator's business, not intake's).
func newFileID(blob, sum string, at time.Time) string {
	h := sha256.Sum256([]byte(blob + "\x00" + sum + "\x00" + strconv.FormatInt(at.UnixNano(), 10)))
	return "f-" + hex.EncodeToString(h[:12])
}

// stale says an unannounced claim was left by a crash between claiming and publishing,
// so the scan should announce it again (with the same event id).
func (c claim) stale(now time.Time) bool {
	t, err := time.Parse(time.RFC3339Nano, c.ClaimedAt)
	return !c.Announced && (err != nil || now.Sub(t) > 10*time.Second)
}
