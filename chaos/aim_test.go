//go:build chaos

package chaos

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// An app crash proves most in the worst moment of an at-least-once consumer: its event
// published, its input not yet marked handled. Then the input comes again (Dapr retries
// it on the restarted app) after the file has moved on. nextPublish returns as soon as
// the app publishes (XREAD BLOCK wakes within a millisecond of the XADD) with the file
// id, so the caller can kill at once. Both replica sets share the topic: which one
// published is only known afterwards, from the logs (publisher).
func nextPublish(p *testpipe.Pipeline, app string, within time.Duration) (fileID string) {
	args := []string{"XREAD", "BLOCK", strconv.FormatInt(within.Milliseconds(), 10), "STREAMS"}
	var ids []string
	for _, t := range events.Publishes(app) {
		if !strings.HasPrefix(t, "deadletter.") {
			args, ids = append(args, t), append(ids, "$")
		}
	}
	reply, err := p.Do(append(args, ids...)...)
	if err != nil || reply == nil {
		return ""
	}
	return newestFileID(reply)
}

// publisher names the replica set whose app logged fileID; none did when the killed app
// died between its publish and its log line.
func publisher(p *testpipe.Pipeline, app, fileID string) string {
	for i, r := range p.Runs {
		if strings.Contains(r.Logs(app), fileID) {
			return "set " + strconv.Itoa(i+1)
		}
	}
	return "the killed app (it died before logging it)"
}

// newestFileID reads the file id of the CloudEvent XREAD returned.
func newestFileID(reply any) (id string) {
	defer func() { recover() }() // an unexpected shape is just a miss
	entries := reply.([]any)[0].([]any)[1].([]any)
	fields := entries[len(entries)-1].([]any)[1].([]any)
	for i := 0; i+1 < len(fields); i += 2 {
		if fields[i] == "data" {
			var ce struct {
				Data struct {
					FileID string `json:"file_id"`
				} `json:"data"`
			}
			json.Unmarshal([]byte(fields[i+1].(string)), &ce)
			return ce.Data.FileID
		}
	}
	return ""
}
