package main

import (
	"context"

	"github.com/paychoreo/choreography/internal/pain002"
	"github.com/paychoreo/choreography/internal/step"
)

// finalsStore keeps each file's final events in the app's state, as long as anything
// about a file is kept (step.KeepFor).
type finalsStore struct{ sc *step.Sidecar }

func finalsKey(fileID string) string { return "finals|" + fileID }

// Update writes first-write-wins for a new file and through the ETag it read otherwise;
// a lost race reads again (step.Update).
func (s finalsStore) Update(ctx context.Context, fileID string, change func(*pain002.Finals) (bool, error)) (pain002.Finals, bool, error) {
	var changed bool
	f, err := step.Update(ctx, s.sc, step.AppState, finalsKey(fileID), func(f *pain002.Finals, found bool) (step.Op, error) {
		if !found {
			f.FileID = fileID
		}
		var err error
		if changed, err = change(f); err != nil || !changed {
			return step.Keep, err
		}
		return step.Write, nil
	}, step.WithTTL(step.KeepFor))
	if err != nil {
		return f, false, err
	}
	return f, changed, nil
}

// reportsArea is the reports binding.
type reportsArea struct{ sc *step.Sidecar }

func (a reportsArea) Put(ctx context.Context, name string, data []byte) error {
	return a.sc.PutBlob(ctx, pain002.Area, name, data)
}
