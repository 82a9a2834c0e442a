package testpipe

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/paychoreo/choreography/internal/azurite"
)

// Profiles lists the component profiles the end-to-end suite runs on, from
// CHOREO_PROFILES (separated by spaces or commas); by default every profile this machine
// can run: local (Redis Streams, local folders), azurite (Azure Blob Storage on Azurite,
// blob-created events on a storage queue, Redis Streams) and rabbitmq (RabbitMQ, local
// folders).
func Profiles() []string {
	v := os.Getenv("CHOREO_PROFILES")
	if strings.TrimSpace(v) == "" {
		v = "local azurite rabbitmq"
	}
	return strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' })
}

// profileState is what a pipeline holds of its profile.
type profileState struct {
	tag   string             // per pipeline: suffix of its containers and queue, its vhost
	az    *azurite.Resources // azurite: the pipeline's account, containers and queue
	vhost string             // rabbitmq: the pipeline's virtual host
}

// prepare checks that the profile's infrastructure is there (a failure under CI=true, a
// skip elsewhere) and gives the pipeline its own share of it: containers and a queue
// named with the pipeline's tag on Azurite, a virtual host on RabbitMQ (exchanges are
// named after topics, so only a vhost keeps two pipelines' events apart). Everything is
// removed when the test ends, after the pipeline stopped.
func (p *Pipeline) prepare() {
	// Unique per process and pipeline: Azure removes a deleted container in the
	// background, so a name is never reused.
	p.prof.tag = fmt.Sprintf("%d-%d", os.Getpid(), pipelines.Add(1))
	switch p.Profile {
	case "azurite":
		for _, port := range []string{"10000", "10001"} {
			c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, 2*time.Second)
			Need(p.T, "Azurite on 127.0.0.1:10000 (blob) and :10001 (queue)", err)
			c.Close()
		}
		p.T.Cleanup(p.removeAzurite)
	case "rabbitmq":
		p.prof.vhost = "choreo-test-" + p.prof.tag
		Need(p.T, "RabbitMQ on 127.0.0.1:5672 with its management API on :15672", rabbitVhost(p.prof.vhost))
		p.T.Cleanup(func() {
			if err := rabbitAPI("DELETE", "/vhosts/"+url.PathEscape(p.prof.vhost), nil); err != nil {
				p.T.Logf("remove RabbitMQ vhost %s: %v", p.prof.vhost, err)
			}
		})
	}
}

var (
	pipelines  atomic.Int32
	azureNames = regexp.MustCompile(`(- name: (?:containerName|queueName)\n\s+value: ")([a-z0-9-]+)(")`)
	amqpURL    = regexp.MustCompile(`amqp://guest:guest@localhost:5672/?`)
)

// rewrite applies the profile's per-pipeline names to one component file.
func (p *Pipeline) rewrite(s string) string {
	switch p.Profile {
	case "azurite":
		return azureNames.ReplaceAllString(s, "${1}${2}-"+p.prof.tag+"${3}")
	case "rabbitmq":
		return amqpURL.ReplaceAllString(s, "amqp://guest:guest@127.0.0.1:5672/"+url.PathEscape(p.prof.vhost))
	}
	return s
}

// loaded reads what the tests need from the rewritten components.
func (p *Pipeline) loaded(dir string) {
	if p.Profile != "azurite" {
		return
	}
	r, err := azurite.LoadResources(dir)
	if err != nil {
		p.T.Fatal(err)
	}
	p.prof.az = &r
}

func (p *Pipeline) removeAzurite() {
	az := p.prof.az
	if az == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, c := range az.Containers {
		if err := az.Account.DeleteContainer(ctx, c); err != nil {
			p.T.Logf("remove container %s: %v", c, err)
		}
	}
}
