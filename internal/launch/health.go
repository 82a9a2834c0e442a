package launch

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

const pollInterval = 100 * time.Millisecond

// probe is what "healthy" means for one process.
type probe struct {
	p      *proc
	expect string                          // for error messages
	check  func(ctx context.Context) error // nil error: healthy
}

// probeFor: a sidecar answers its healthz (daprd answers 2xx only once it has reached the
// app and loaded its components); an app answers its health path, with the token daprd
// would send, or at least accepts connections when the file names no path.
func (ar *appRun) probeFor(p *proc, host string) probe {
	if p.kind == Sidecar {
		url := fmt.Sprintf("http://%s:%d/v1.0/healthz", host, ar.info.HTTPPort)
		return probe{p, "2xx from GET " + url, httpCheck(url, "")}
	}
	addr := fmt.Sprintf("%s:%d", host, ar.info.AppPort)
	switch {
	case ar.info.AppPort == 0: // a job (see proc.job): done is healthy
		return probe{p, "to finish with exit status 0", finished(p)}
	case ar.healthPath == "":
		return probe{p, "to accept connections on " + addr, dialCheck(addr)}
	default:
		url := "http://" + addr + ar.healthPath
		return probe{p, "2xx from GET " + url, httpCheck(url, ar.info.Tokens.App)}
	}
}

// waitHealthy polls every process at once until all are healthy. It fails on the first
// process that exits, or when HealthTimeout has passed, naming the process.
func (r *Run) waitHealthy(ctx context.Context, probes []probe) error {
	ctx, cancel := context.WithTimeout(ctx, r.opts.HealthTimeout)
	defer cancel()
	errs := make(chan error, len(probes))
	for _, pr := range probes {
		go func() { errs <- pr.wait(ctx, r.opts.HealthTimeout) }()
	}
	for range probes {
		if err := <-errs; err != nil {
			return err // the deferred cancel ends the other probes
		}
	}
	return nil
}

func (pr probe) wait(ctx context.Context, timeout time.Duration) error {
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	var last error
	for {
		err := pr.check(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() == nil { // keep the last real answer, not the deadline's own error
			last = err
		}
		select {
		case <-pr.p.exited():
			if pr.check(ctx) == nil { // a job that finished between the check and now
				return nil
			}
			return fmt.Errorf("%s (%s) exited before it was healthy (%s); expected %s; %s",
				pr.p.name, pr.p.kind, pr.p.status(), pr.expect, pr.p.lastLines(20))
		case <-ctx.Done():
			if ctx.Err() == context.Canceled {
				return fmt.Errorf("%s (%s): start cancelled", pr.p.name, pr.p.kind)
			}
			if last == nil {
				last = fmt.Errorf("none completed")
			}
			return fmt.Errorf("%s (%s) not healthy within %s: expected %s, last attempt: %v; %s",
				pr.p.name, pr.p.kind, timeout, pr.expect, last, pr.p.lastLines(20))
		case <-tick.C:
		}
	}
}

var probeClient = &http.Client{Timeout: time.Second}

func httpCheck(url, token string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		if token != "" {
			req.Header.Set("dapr-api-token", token)
		}
		resp, err := probeClient.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("status %s", resp.Status)
		}
		return nil
	}
}

// finished: the process has exited with status 0.
func finished(p *proc) func(ctx context.Context) error {
	return func(context.Context) error {
		select {
		case <-p.exited():
			if p.status() != "exit status 0" {
				return fmt.Errorf("it ended with %s", p.status())
			}
			return nil
		default:
			return fmt.Errorf("still running")
		}
	}
}

func dialCheck(addr string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		c, err := (&net.Dialer{Timeout: time.Second}).DialContext(ctx, "tcp", addr)
		if err == nil {
			c.Close()
		}
		return err
	}
}
