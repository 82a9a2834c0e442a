package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/paychoreo/choreography/internal/pain002"
	"github.com/paychoreo/choreography/internal/step"
)

// finalsStore keeps each file's final events in the app's state, as long as anything
// about a file is kept (step.KeepFor).
type finalsStore struct{ sc *step.Sidecar }

func finalsKey(fileID string) string { return "finals|" + fileID }

// Update writes first-write-wins for a new file and through the ETag it read otherwise;
// a lost race reads again.
func (s finalsStore) Update(ctx context.Context, fileID string, change func(*pain002.Finals) (bool, error)) (pain002.Finals, bool, error) {
	key := finalsKey(fileID)
	for try := 0; try < 20; try++ {
		f := pain002.Finals{FileID: fileID}
		etag, found, err := s.sc.GetState(ctx, step.AppState, key, &f)
		if err != nil {
			return f, false, err
		}
		changed, err := change(&f)
		if err != nil || !changed {
			return f, false, err
		}
		if found {
			err = s.sc.UpdateStateTTL(ctx, step.AppState, key, etag, f, step.KeepFor)
		} else {
			err = s.sc.CreateStateTTL(ctx, step.AppState, key, f, step.KeepFor)
		}
		if !errors.Is(err, step.ErrConflict) {
			return f, err == nil, err
		}
	}
	return pain002.Finals{}, false, fmt.Errorf("finals of %s: %w after 20 tries", fileID, step.ErrConflict)
}

// reportsArea is the reports binding.
type reportsArea struct{ sc *step.Sidecar }

func (a reportsArea) Put(ctx context.Context, name string, data []byte) error {
	return a.sc.PutBlob(ctx, pain002.Area, name, data)
}
