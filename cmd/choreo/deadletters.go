package main

import (
	"context"
	"encoding/json"
	"fmt"

	dapr "github.com/dapr/go-sdk/client"

	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/step"
)

// The dead-letter commands (deadletters_list.go, _show.go, _redrive.go) read the records
// in the deadletters state store through intake's sidecar; a redrive is a call to intake,
// the keeper, which acts on it and writes the audit trail.

const deadlettersIntro = `Dead letters are what a person can act on: where a file failed for good (stage), why
(reason, first and last error), how often (attempts), its trace id and the original
event. A step's dead letter has already been compensated (File A is in quarantine).
They are read through intake's Dapr sidecar (--dapr-grpc).`

func getDeadLetter(ctx context.Context, c dapr.Client, id string) (*deadletter.Record, error) {
	item, err := c.GetState(ctx, step.DeadLetters, deadletter.Key(id), nil)
	if err != nil {
		return nil, err
	}
	if item == nil || len(item.Value) == 0 {
		return nil, fmt.Errorf("no dead letter %q (choreo deadletters list --all)", id)
	}
	var rec deadletter.Record
	return &rec, json.Unmarshal(item.Value, &rec)
}
