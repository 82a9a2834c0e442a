package pipeline

import (
	"fmt"
	"github.com/paychoreo/choreography/internal/resp"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// Redis is the benchmark's own redis-server: a free port, a temp folder, no persistence
// (as `make run` starts it), so that nothing else on the machine shares its CPU or its
// databases, and so that its CPU time can be read.
type Redis struct {
	Addr string
	Pid  int
	cmd  *exec.Cmd
	done chan struct{}
}

// StartRedis starts redis-server; Stop ends it.
func StartRedis(dir string) (*Redis, error) {
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("redis-server", "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--dir", dir, "--save", "", "--appendonly", "no", "--databases", "32",
		"--logfile", filepath.Join(dir, "redis.log"))
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start redis-server (Debian package redis-server): %w", err)
	}
	r := &Redis{Addr: fmt.Sprintf("127.0.0.1:%d", port), Pid: cmd.Process.Pid, cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); close(r.done) }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := r.Do(0, "PING"); err == nil {
			return r, nil
		}
		select {
		case <-r.done:
			log, _ := os.ReadFile(filepath.Join(dir, "redis.log"))
			return nil, fmt.Errorf("redis-server exited at start: %s", log)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			r.Stop()
			return nil, fmt.Errorf("redis-server on %s does not answer", r.Addr)
		}
	}
}

// Stop kills the server.
func (r *Redis) Stop() {
	r.cmd.Process.Kill()
	<-r.done
}

// Do runs one command in database db (plain RESP, no client library).
func (r *Redis) Do(db int, args ...string) (any, error) {
	return resp.Do(r.Addr, db, 30*time.Second, args...)
}

// FreePort asks the kernel for a port nobody listens on.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
