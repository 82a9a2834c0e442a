package floor

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/paychoreo/choreography/bench/workload"
)

// floorOver writes files into a fresh inbox and returns a floor over it.
func floorOver(tb testing.TB, files ...workload.File) *Floor {
	tb.Helper()
	senders, err := Load(filepath.Join("..", "..", "refdata", "sample.json"))
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	f := &Floor{Inbox: filepath.Join(dir, "inbox"), Outbox: filepath.Join(dir, "outbox"), Senders: senders}
	os.MkdirAll(f.Inbox, 0o755)
	os.MkdirAll(f.Outbox, 0o755)
	for _, file := range files {
		if err := os.WriteFile(filepath.Join(f.Inbox, file.Name), file.Content, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return f
}

// TestFloorWritesFileB: the floor takes a benchmark file all the way to File B.
func TestFloorWritesFileB(t *testing.T) {
	file := workload.Make("FLOOR-TEST", 25)
	f := floorOver(t, file)
	if _, err := f.Process(context.Background(), file.Name); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"pain001_ACME-CORP_FLOOR-TEST.xml", "pain001_ACME-CORP_FLOOR-TEST.xml.ok"} {
		if _, err := os.Stat(filepath.Join(f.Outbox, n)); err != nil {
			t.Error(err)
		}
	}
}

// BenchmarkFloorBig is one 100,000-payment file through every step: go test -bench
// FloorBig -cpuprofile cpu.out ./bench/floor finds the hot spots of our own code.
func BenchmarkFloorBig(b *testing.B) { benchFloor(b, workload.Make("FLOOR-BIG", 100_000)) }

// BenchmarkFloorSmall is one 10-payment file through every step.
func BenchmarkFloorSmall(b *testing.B) { benchFloor(b, workload.Make("FLOOR-SMALL", 10)) }

func benchFloor(b *testing.B, file workload.File) {
	f := floorOver(b, file)
	b.SetBytes(int64(len(file.Content)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Process(context.Background(), file.Name); err != nil {
			b.Fatal(err)
		}
	}
}
