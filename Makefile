# The payment-file choreography on Dapr.
#   make run    build what is missing, start Redis if needed, run the pipeline on the samples
#   make test   unit tests and the end-to-end suite (real Redis, real daprd, the real apps)
SHELL := /bin/bash
GO ?= go
DAPR_VERSION := 1.18.1
APPS := intake validator adaptor creator tracker
TOOLS := launch choreo
BINS := $(addprefix bin/,$(APPS) $(TOOLS))
SOURCES := $(shell find apps cmd internal -name '*.go' -not -name '*_test.go') go.mod go.sum

.PHONY: all build daprd run test unit e2e refdata clean chaos chaos-short
all: build

build: $(BINS)

bin/%: $(SOURCES)
	@mkdir -p bin
	@if [ -d apps/$* ]; then $(GO) build -o $@ ./apps/$*; else $(GO) build -o $@ ./cmd/$*; fi

# daprd, built from the pinned Dapr module in its own build module (tools/daprd), unless
# the user has one from `dapr init` (~/.dapr/bin/daprd) or $DAPRD.
daprd:
	@scripts/daprd.sh $(DAPR_VERSION)

run: build daprd
	@scripts/run.sh

test: build daprd
	@scripts/test.sh

unit:
	$(GO) test ./internal/... ./apps/... ./cmd/...

e2e: build daprd
	$(GO) test -count=1 -timeout 20m ./e2e/...

# Fault injection: two replica sets, a stream of files, kill -9 of every app and sidecar
# and a Redis crash; then every file must be final once and the books must balance.
chaos: build daprd
	CHAOS_FILES=200 $(GO) test -tags chaos -count=1 -timeout 30m -v -run TestFaultInjection ./chaos/

# The same, short enough for CI.
chaos-short: build daprd
	CHAOS_FILES=40 $(GO) test -tags chaos -count=1 -timeout 30m -v -run TestFaultInjection ./chaos/

clean:
	rm -rf bin data .tmp
