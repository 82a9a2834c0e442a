# The payment-file choreography on Dapr.
#   make run    build what is missing, start Redis if needed, run the pipeline on the samples
#               (make run PROFILE=azurite|rabbitmq: the same apps on other components)
#   make test   unit tests and the end-to-end suite (real Redis, real daprd, the real apps)
#               on every component profile (CHOREO_PROFILES, default local azurite rabbitmq)
SHELL := /bin/bash
GO ?= go
DAPR_VERSION := 1.18.1
APPS := refdata-loader inbox-watch intake validator adaptor creator tracker order-api stock payment shipping reporter
TOOLS := launch choreo
BINS := $(addprefix bin/,$(APPS) $(TOOLS))
SOURCES := $(shell find apps cmd internal -name '*.go' -not -name '*_test.go') go.mod go.sum

.PHONY: all build daprd run test unit e2e refdata clean chaos chaos-short node-deps
all: build

build: $(BINS) node-deps

# The notifier runs on Node.js: npm ci in apps/notifier (pinned by its package-lock.json)
# when its node_modules is missing or older than the lock file.
node-deps:
	@source scripts/lib.sh && ensure_node_deps

# The version the tools report (choreo --version): the commit, or the tag it is at.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null)

bin/%: $(SOURCES)
	@mkdir -p bin
	@if [ -d apps/$* ]; then $(GO) build -o $@ ./apps/$*; else $(GO) build -ldflags "-X main.version=$(VERSION)" -o $@ ./cmd/$*; fi

# daprd, built from the pinned Dapr module in its own build module (tools/daprd), unless
# the user has one from `dapr init` (~/.dapr/bin/daprd) or $DAPRD. It registers only this
# project's component types (tools/daprd/slim); DAPRD_BUILD=full builds Dapr's full set.
daprd:
	@scripts/daprd.sh $(DAPR_VERSION)

# PROFILE picks the component profile (components/<PROFILE>): local (Redis Streams, local
# folders), azurite (Azure Blob Storage on Azurite, blob-created events, Redis Streams),
# rabbitmq (RabbitMQ, local folders). Same apps, other YAML.
PROFILE ?= local

run: build daprd
	@PROFILE=$(PROFILE) scripts/run.sh

test: build daprd
	@scripts/test.sh

unit:
	$(GO) test ./internal/... ./apps/... ./cmd/... ./contracts/...

# The end-to-end suite alone, on CHOREO_PROFILES (default: all three profiles).
e2e: build daprd
	$(GO) test -count=1 -timeout 45m ./e2e/...

# Fault injection: two replica sets, a stream of files, kill -9 of every app and sidecar
# and a Redis crash, then crash loops for CHAOS_LOOP (every few seconds a random app,
# sidecar or Redis killed two to four times in a row); then every file must be final once
# and the books must balance. Prints files, kills, partitions, lost, duplicated and the
# time to recover (docs/reliability.md). `make chaos` also sends a file near the size
# limit through (TestBigFileInFlight/processingTimeout_2s, run by hand, shows the trap).
chaos: build daprd
	CHAOS_FILES=200 CHAOS_LOOP=4m $(GO) test -tags chaos -count=1 -timeout 40m -v -run 'TestFaultInjection|TestBigFileInFlight/shipped' ./chaos/
# Then partitions (TestPartitions): the replica sets as pods, each cut off Redis for 30 s
# in turn and Redis off everyone for 10 s twice, while files stream in.
	CHAOS_PARTITION_ROUNDS=2 $(GO) test -tags chaos -count=1 -timeout 20m -v -run TestPartitions ./chaos/

# The same, short enough for CI: 40 files and 20 s of crash loops.
chaos-short: build daprd
	CHAOS_FILES=40 CHAOS_LOOP=20s $(GO) test -tags chaos -count=1 -timeout 30m -v -run TestFaultInjection ./chaos/
# Then partitions: replica set 2 off Redis for 30 s, Redis off everyone for 10 s.
	$(GO) test -tags chaos -count=1 -timeout 15m -v -run TestPartitions ./chaos/

# Soak (docs/reliability.md): files at half the capacity measured first, a kill -9 of an
# app or sidecar every minute; then every process's memory within 10% of its value after
# warm-up, streams within their bound with nothing needed trimmed, state keys counted by
# prefix. Figures and chart in .tmp/soak-<time>/ (SOAK_OUT). SOAK_DURATION (30m), SOAK_RATE.
.PHONY: soak soak-short burst
soak: build daprd
	SOAK_DURATION=$${SOAK_DURATION:-30m} $(GO) test -tags chaos -count=1 -timeout 80m -v -run TestSoak ./chaos/

# The same for 8 minutes (2 of warm-up), short enough for CI.
soak-short: build daprd
	SOAK_DURATION=8m SOAK_WARMUP=2m $(GO) test -tags chaos -count=1 -timeout 40m -v -run TestSoak ./chaos/

# Burst: BURST_FILES (10,000) files into the inbox at once; nothing lost or doubled, peak
# memory per process, the tracker's latency while it drains, the time to drain.
burst: build daprd
	$(GO) test -tags chaos -count=1 -timeout 150m -v -run TestBurst ./chaos/

clean:
	rm -rf bin data .tmp

# Azure: regenerate infra/generated/aca.json (the Container Apps form of components/azure),
# deploy/docker/ (a Dockerfile per app) and azd's azure.yaml and infra/main.parameters.json
# from components/azure, dapr.yaml and the event catalog, then run the
# consistency checks that `make test` runs too.
.PHONY: acagen
acagen:
	$(GO) run ./cmd/acagen
	$(GO) test -count=1 ./deploy/

# Benchmark (docs/performance.md): the in-process floor, the choreography end to end and an
# orchestrated variant (a Dapr Workflow, which needs placement and the scheduler), on this
# machine, in one go; prints a table, saves bench/results/<timestamp>.json and .png.
.PHONY: bench bench-short placement scheduler
placement scheduler:
	@scripts/dapr-services.sh $(DAPR_VERSION) $@

bench: build daprd placement scheduler
	@scripts/bench.sh

# The same with small counts (CI): a 10,000-payment file, 100 small files, 30 samples, 1 replica;
# the scale-out workload at 1 and 4 replica sets.
bench-short: build daprd placement scheduler
	@scripts/bench.sh -short
