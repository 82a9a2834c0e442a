package step_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/launch"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// A real daprd with two local-storage bindings, and the app's side of it: blobs go
// through the sidecar's HTTP binding API as streams, and what a failed write or a
// mismatched copy leaves behind is nothing.
func TestBlobsThroughARealSidecar(t *testing.T) {
	sc, dirs := startBlobSidecar(t)
	ctx := context.Background()

	t.Run("content comes back exactly", func(t *testing.T) {
		big := make([]byte, 3<<20+7)
		rand.Read(big)
		for name, content := range map[string][]byte{
			"quoted.txt": []byte(`"looks like a JSON string"`), "b64.txt": []byte("aGVsbG8="),
			"empty.txt": {}, "big.bin": big, "nested/x.xml": []byte("<a>&amp;\"</a>\n")} {
			if err := sc.PutBlob(ctx, "one", name, content); err != nil {
				t.Fatalf("put %s: %v", name, err)
			}
			got, err := sc.GetBlob(ctx, "one", name)
			if err != nil || !bytes.Equal(got, content) {
				t.Errorf("%s: got %d bytes (%v), want %d", name, len(got), err, len(content))
			}
			if disk, _ := os.ReadFile(filepath.Join(dirs[0], name)); !bytes.Equal(disk, content) {
				t.Errorf("%s on disk: %d bytes, want %d", name, len(disk), len(content))
			}
		}
	})

	t.Run("a write that fails writes nothing", func(t *testing.T) {
		boom := errors.New("render failed half way")
		err := sc.PutBlobFrom(ctx, "one", "half.xml", func(w io.Writer) error {
			w.Write(bytes.Repeat([]byte("<x/>"), 1<<18)) // 1 MiB already sent
			return boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("PutBlobFrom = %v, want the write's own error", err)
		}
		if _, err := os.Stat(filepath.Join(dirs[0], "half.xml")); !os.IsNotExist(err) {
			t.Errorf("half-written blob exists (stat: %v)", err)
		}
	})

	t.Run("a copy is written only if it is the expected content", func(t *testing.T) {
		content := bytes.Repeat([]byte("H,ACME,REF\n"), 100_000)
		if err := sc.PutBlob(ctx, "one", "a.csv", content); err != nil {
			t.Fatal(err)
		}
		err := sc.CopyBlob(ctx, "one", "a.csv", "two", "wrong/a.csv", hex.EncodeToString(make([]byte, 32)))
		if !errors.Is(err, step.ErrContentChanged) {
			t.Errorf("CopyBlob with another hash = %v, want ErrContentChanged", err)
		}
		if _, err := os.Stat(filepath.Join(dirs[1], "wrong/a.csv")); !os.IsNotExist(err) {
			t.Errorf("mismatched copy was written (stat: %v)", err)
		}
		sum := sha256.Sum256(content)
		if err := sc.CopyBlob(ctx, "one", "a.csv", "two", "right/a.csv", hex.EncodeToString(sum[:])); err != nil {
			t.Fatal(err)
		}
		if disk, _ := os.ReadFile(filepath.Join(dirs[1], "right/a.csv")); !bytes.Equal(disk, content) {
			t.Errorf("copy holds %d bytes, want %d", len(disk), len(content))
		}
	})

	t.Run("a missing blob is ErrNotFound", func(t *testing.T) {
		if _, _, err := sc.OpenBlob(ctx, "one", "nothing-here.csv"); !errors.Is(err, step.ErrNotFound) {
			t.Errorf("OpenBlob(missing) = %v", err)
		}
		if err := sc.CopyBlob(ctx, "one", "nothing-here.csv", "two", "x", ""); !errors.Is(err, step.ErrNotFound) {
			t.Errorf("CopyBlob(missing) = %v", err)
		}
	})
}

// startBlobSidecar runs the project's daprd (launch.FindDaprd: $DAPRD, the user's
// `dapr init` one, or bin/daprd) with bindings "one" and "two" over two folders.
func startBlobSidecar(t *testing.T) (*step.Sidecar, [2]string) {
	daprd, err := launch.FindDaprd(testpipe.Root)
	testpipe.Need(t, "daprd (make daprd)", err)
	tmp := t.TempDir()
	dirs := [2]string{filepath.Join(tmp, "one"), filepath.Join(tmp, "two")}
	res := filepath.Join(tmp, "components")
	os.MkdirAll(res, 0o755)
	for i, name := range []string{"one", "two"} {
		yaml := fmt.Sprintf("apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: %s\nspec:\n"+
			"  type: bindings.localstorage\n  version: v1\n  metadata:\n  - name: rootPath\n    value: %s\n", name, dirs[i])
		os.WriteFile(filepath.Join(res, name+".yaml"), []byte(yaml), 0o644)
	}
	ports := freePorts(t, 4)
	const token = "blob-test-token"
	cmd := exec.Command(daprd, "--app-id", "blobtest", "--mode", "standalone", "--resources-path", res,
		"--dapr-http-port", strconv.Itoa(ports[0]), "--dapr-grpc-port", strconv.Itoa(ports[1]),
		"--dapr-internal-grpc-port", strconv.Itoa(ports[2]), "--metrics-port", strconv.Itoa(ports[3]),
		"--max-body-size", "256Mi", "--log-level", "warn")
	cmd.Env = append(os.Environ(), "DAPR_API_TOKEN="+token, "DAPR_HOST_IP=127.0.0.1")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("daprd:\n%s", testpipe.Tail(logs.String(), 40))
		}
	})
	waitHealthy(t, ports[0])
	cfg := step.Config{AppID: "blobtest", DaprGRPCPort: ports[1], DaprHTTPPort: ports[0], DaprToken: token}
	t.Setenv("DAPR_API_TOKEN", token) // the SDK's gRPC client reads it
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sc, err := step.Connect(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sc.Close)
	return sc, dirs
}

func waitHealthy(t *testing.T, port int) {
	url := fmt.Sprintf("http://127.0.0.1:%d/v1.0/healthz/outbound", port)
	deadline := time.Now().Add(time.Minute)
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode/100 == 2 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("daprd not healthy after a minute: %v", err)
		}
		time.Sleep(50 * time.Millisecond) // polling the sidecar's own health endpoint
	}
}

func freePorts(t *testing.T, n int) []int {
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}
