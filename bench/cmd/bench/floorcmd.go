package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"
	"syscall"
	"time"

	"github.com/paychoreo/choreography/bench/floor"
)

// floorResult is what `bench floor` prints: the floor measured in its own process, so
// that its CPU time and peak memory are its own.
type floorResult struct {
	Files   []floorFile `json:"files"`
	Wall    int64       `json:"wall_ns"`
	CPU     int64       `json:"cpu_ns"`
	PeakRSS int64       `json:"peak_rss"`
}

type floorFile struct {
	Name      string `json:"name"`
	Intake    int64  `json:"intake_ns"`
	Validator int64  `json:"validator_ns"`
	Adaptor   int64  `json:"adaptor_ns"`
	Creator   int64  `json:"creator_ns"`
}

func (f floorFile) total() time.Duration {
	return time.Duration(f.Intake + f.Validator + f.Adaptor + f.Creator)
}

// floorMain runs the floor over every file in -inbox with -workers goroutines.
func floorMain(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	inbox := fs.String("inbox", "", "folder of File A")
	outbox := fs.String("outbox", "", "folder for File B")
	ref := fs.String("refdata", "refdata/sample.json", "reference table")
	workers := fs.Int("workers", 1, "files processed at once")
	if err := fs.Parse(args); err != nil {
		return err
	}
	senders, err := floor.Load(*ref)
	if err != nil {
		return err
	}
	entries, err := os.ReadDir(*inbox)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	fl := &floor.Floor{Inbox: *inbox, Outbox: *outbox, Senders: senders}
	res := floorResult{Files: make([]floorFile, len(names))}
	work := make(chan int)
	errs := make(chan error, *workers)
	var wg sync.WaitGroup
	start := time.Now()
	for range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				s, err := fl.Process(context.Background(), names[i])
				if err != nil {
					errs <- fmt.Errorf("%s: %w", names[i], err)
					return
				}
				res.Files[i] = floorFile{Name: names[i], Intake: int64(s.Intake), Validator: int64(s.Validator),
					Adaptor: int64(s.Adaptor), Creator: int64(s.Creator)}
			}
		}()
	}
	for i := range names {
		select {
		case work <- i:
		case err := <-errs:
			return err
		}
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
	}
	res.Wall = int64(time.Since(start))
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	res.CPU = int64(time.Duration(ru.Utime.Nano() + ru.Stime.Nano()))
	res.PeakRSS = ru.Maxrss << 10
	return json.NewEncoder(stdout).Encode(res)
}
