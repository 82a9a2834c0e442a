package launch

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as fake daprd and fake app (LAUNCH_FAKE=1 in ExtraEnv), so the
// tests need no build step and no real daprd.
func TestMain(m *testing.M) {
	if os.Getenv("LAUNCH_FAKE") == "1" {
		fakeMain(os.Args[1:])
		return
	}
	stopGrace = time.Second
	os.Exit(m.Run())
}

func fakeMain(args []string) {
	if i := slices.Index(args, "--dapr-http-port"); i >= 0 {
		fmt.Println("fake daprd args:", strings.Join(args, " "))
		serve(args[i+1], "/v1.0/healthz", http.StatusNoContent, "")
		return
	}
	id, mode := os.Getenv("APP_ID"), os.Getenv("FAKE_MODE")
	wd, _ := os.Getwd()
	fmt.Printf("fake app %s env APP_PORT=%s DAPR_HTTP_PORT=%s DAPR_GRPC_PORT=%s cwd=%s\n",
		id, os.Getenv("APP_PORT"), os.Getenv("DAPR_HTTP_PORT"), os.Getenv("DAPR_GRPC_PORT"), wd)
	fmt.Fprintf(os.Stderr, "fake app %s to stderr\n", id)
	switch mode {
	case "done":
		fmt.Printf("fake app %s did its job\n", id)
		os.Exit(0)
	case "exit":
		fmt.Printf("fake app %s exiting on purpose\n", id)
		os.Exit(3)
	case "unhealthy":
		fmt.Printf("fake app %s will answer 503\n", id)
		serve(os.Getenv("APP_PORT"), "/healthz", http.StatusServiceUnavailable, "")
	case "ignore-term":
		signal.Ignore(syscall.SIGTERM)
	case "child":
		child := exec.Command("sleep", "300")
		if err := child.Start(); err == nil {
			fmt.Printf("child pid %d\n", child.Process.Pid)
		}
	}
	// Like the project's apps: /healthz needs the token daprd presents.
	serve(os.Getenv("APP_PORT"), "/healthz", http.StatusOK, os.Getenv("APP_API_TOKEN"))
}

func serve(port, path string, status int, token string) {
	http.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		if token != "" && r.Header.Get("dapr-api-token") != token {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(status)
	})
	fmt.Println(http.ListenAndServe("127.0.0.1:"+port, nil))
	os.Exit(1)
}
