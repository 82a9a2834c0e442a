package testpipe

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// RedisServer is a private, durable redis-server for a test that restarts Redis. Every
// write is fsynced to the append-only file (--appendfsync always): Dapr's streams,
// consumer groups and claims live only in Redis, and a Redis that loses them on restart
// loses files. That durability is a requirement of the deployment, not of the test.
type RedisServer struct {
	dir  string
	port int
	cmd  *exec.Cmd
	done chan struct{}
}

// StartRedisServer starts redis-server on 127.0.0.1:port (another free port when that one
// is taken, any free port for 0) over a temp folder and stops it when the test ends.
// Without redis-server the test fails under CI=true, skips elsewhere.
func StartRedisServer(t testing.TB, port int) *RedisServer {
	t.Helper()
	_, err := exec.LookPath("redis-server")
	Need(t, "redis-server (Debian redis-server)", err)
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		if l, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		t.Logf("port %d is taken: private Redis on %s", port, l.Addr())
	}
	port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := &RedisServer{dir: t.TempDir(), port: port}
	t.Cleanup(s.kill)
	if err := s.start(); err != nil {
		t.Fatal(err)
	}
	return s
}

// Addr is host:port for Options.RedisAddr.
func (s *RedisServer) Addr() string { return fmt.Sprintf("127.0.0.1:%d", s.port) }

// Restart kills the server with SIGKILL (a crash, not a shutdown), starts it again on the
// same folder and port, and returns once it answers PING with its data loaded.
func (s *RedisServer) Restart() error {
	s.kill()
	return s.start()
}

func (s *RedisServer) start() error {
	cmd := exec.Command("redis-server", "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--dir", s.dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "",
		"--logfile", filepath.Join(s.dir, "redis.log"))
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start redis-server: %w", err)
	}
	s.cmd, s.done = cmd, make(chan struct{})
	go func(done chan struct{}) { cmd.Wait(); close(done) }(s.done)
	// PING answers LOADING (an error) until the append-only file is read back.
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := RedisDo(s.Addr(), 0, "PING")
		if err == nil {
			return nil
		}
		select {
		case <-s.done:
			return fmt.Errorf("redis-server exited at start: %s", s.logTail())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redis-server on %s not answering PING within 30s: %v; %s", s.Addr(), err, s.logTail())
		}
	}
}

func (s *RedisServer) kill() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	<-s.done
	s.cmd = nil
}

func (s *RedisServer) logTail() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
	return Tail(string(b), 10)
}
