package launch

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"

	"github.com/paychoreo/choreography/internal/runfile"
)

// ports applies the offset to every fixed port and, as the CLI does, picks a free port for
// a sidecar port the file leaves at 0. A 0 appPort stays 0: the app listens on nothing.
func ports(a *runfile.App, offset int) (AppInfo, error) {
	info := AppInfo{ID: a.AppID}
	var err error
	set := func(dst *int, port int, pickFree bool) {
		switch {
		case err != nil:
		case port > 0:
			*dst, err = shift(a.AppID, port, offset)
		case pickFree:
			*dst, err = freePort()
		}
	}
	set(&info.AppPort, a.AppPort, false)
	set(&info.HTTPPort, a.DaprHTTPPort, true)
	set(&info.GRPCPort, a.DaprGRPCPort, true)
	set(&info.MetricsPort, a.MetricsPort, true)
	set(&info.internalGRPCPort, a.DaprInternalGRPCPort, false)
	// daprd's default profile port is 7777 for every sidecar: give each its own.
	set(&info.profilePort, a.ProfilePort, a.EnableProfiling)
	return info, err
}

// checkFree fails when a port is taken, as the CLI's validatePort does. Without it a
// health check could be answered by whatever holds the port, e.g. another run's sidecar.
func checkFree(info AppInfo) error {
	for _, p := range []struct {
		name string
		port int
	}{
		{"app", info.AppPort}, {"dapr HTTP", info.HTTPPort}, {"dapr gRPC", info.GRPCPort},
		{"metrics", info.MetricsPort}, {"internal gRPC", info.internalGRPCPort}, {"profile", info.profilePort},
	} {
		if p.port == 0 {
			continue
		}
		l, err := net.Listen("tcp", fmt.Sprintf(":%d", p.port))
		if err != nil {
			return portTaken(info.ID, p.name, p.port, err)
		}
		l.Close()
	}
	return nil
}

func shift(appID string, port, offset int) (int, error) {
	p := port + offset
	if p <= 0 || p > 65535 {
		return 0, fmt.Errorf("launch: %s: port %d with offset %d is out of range", appID, port, offset)
	}
	return p, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("launch: pick a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// resolveTokens takes each token from ExtraEnv, else the environment, else makes a random
// one, so that sidecar and app authenticate each other even when nobody set them.
func resolveTokens(o Options) (Tokens, error) {
	get := func(key string) (string, error) {
		if v, ok := o.ExtraEnv[key]; ok && v != "" {
			return v, nil
		}
		if v := os.Getenv(key); v != "" {
			return v, nil
		}
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("launch: make %s: %w", key, err)
		}
		return hex.EncodeToString(b), nil
	}
	app, err := get("APP_API_TOKEN")
	if err != nil {
		return Tokens{}, err
	}
	dapr, err := get("DAPR_API_TOKEN")
	return Tokens{App: app, Dapr: dapr}, err
}
