# Taskscope: `make run` opens the window, `make test` runs every test. Both install what is missing.
# See README.md for the rest.

GO        ?= go
BIN       := bin/taskscope
# System packages for building and running: the cgo build of Fyne (GLFW, OpenGL, X11/Wayland) and
# python3 for the Python demos (python, forkcow).
APT_PKGS  := gcc pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev procps python3
# What the tests need on top: the X server and tools of the window tests, linux-perf as the
# reference for exact traces, and prometheus for the agent's scrape test.
# (Ubuntu ships perf as linux-tools for the running kernel; Debian as linux-perf.)
PERF_PKGS := $(shell . /etc/os-release 2>/dev/null; [ "$$ID" = ubuntu ] && echo "linux-tools-common linux-tools-$$(uname -r)" || echo linux-perf)
TEST_PKGS := xvfb x11-utils imagemagick $(PERF_PKGS) prometheus
# Only the speed comparison of the window needs this one.
BENCH_PKGS := gnome-system-monitor libglib2.0-bin
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
FUZZTIME  ?= 30s
# How long each fuzz target runs inside `make test`: a count of executions, not a duration, because
# Go 1.26's fuzz coordinator can report a spurious "context deadline exceeded" when a duration runs
# out while a worker is busy (golang/go#75804, seen here on a loaded machine).
TEST_FUZZTIME ?= 10000x
SOAK      ?= 10m

GO_NEED   := $(shell sed -n 's/^go \([0-9.]*\)$$/\1/p' go.mod)

# bash with pipefail, so a failing test piped through grep still fails the target.
SHELL       := /bin/bash
.SHELLFLAGS := -o pipefail -c

export LANG := C.UTF-8
export CGO_ENABLED := 1

.PHONY: all run build agent test bench fuzz soak package deps test-deps bench-deps clean perf-access

all: build

## deps: install the system packages that are missing (apt-get, with sudo when not root).
deps:
	@$(call apt_ensure,$(APT_PKGS))
	@command -v $(GO) >/dev/null || { echo "taskscope: Go $(GO_NEED) or newer is needed and 'go' is not on PATH; install it from https://go.dev/dl/ (Debian's golang package is too old), then run make again." >&2; exit 1; }

test-deps: deps
	@$(call apt_ensure,$(TEST_PKGS))

bench-deps: test-deps
	@$(call apt_ensure,$(BENCH_PKGS))

build: deps
	$(GO) build -o $(BIN) ./cmd/taskscope

## agent: the headless agent for servers, a static executable without cgo (no X, GL or libc needed).
agent:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w" -o bin/taskscope-agent ./cmd/taskscope-agent

## run: build and open the window.
run: build
	./$(BIN) $(ARGS)

## test: every test, the window tests under Xvfb, and a short run of every fuzz target.
test: test-deps
	# One package at a time (-p 1): many tests measure real workloads (the GIL, races, churn,
	# lanes), and two packages loading both cores at once would measure each other.
	TASKSCOPE_REQUIRE_DISPLAY=1 $(GO) test -p 1 -count=1 -timeout 15m ./...
	@$(call fuzz_all,$(TEST_FUZZTIME))
	@$(no_orphans)

## bench: speed figures as ratios measured side by side in one run.
## Every comparison runs even when an earlier one misses its target; make fails at the end if any did.
bench: bench-deps build
	@failed=0; \
	echo "== sampler against the floor loop"; \
	TASKSCOPE_BENCH=1 $(GO) test ./inspect/ -run TestBenchRatio -count=1 -v | grep -E 'ratio|median|---|^ok|FAIL' || failed=1; \
	echo "== taskscope snapshot --json against ps"; \
	TASKSCOPE_BENCH=1 $(GO) test ./cmd/taskscope/ -run TestBenchSnapshotVsPS -count=1 -v | grep -E 'ratio|median|---|^ok|FAIL' || failed=1; \
	echo "== the window against gnome-system-monitor and a bare Fyne window"; \
	TASKSCOPE_BENCH=1 $(GO) test ./cmd/taskscope/ -run TestGUIBench -count=1 -v | grep -E 'ticks|target|load:|---|^ok|FAIL' || failed=1; \
	echo "== exact tracing: CPU it adds at 20,000 switches/s, and the highest rate with no record lost"; \
	TASKSCOPE_BENCH=1 $(GO) test ./trace/ -run TestBenchTraceCost -count=1 -v | grep -E 'cost|highest|---|^ok|FAIL' || failed=1; \
	TASKSCOPE_BENCH=1 $(GO) test ./trace/ -run TestBenchMachineTraceCost -count=1 -v | grep -E 'cost|---|^ok|FAIL' || failed=1; \
	echo "== one frame of the Timeline: 50 threads over 60 s"; \
	TASKSCOPE_BENCH=1 $(GO) test ./ui/timeline/ -run TestBenchTimelineFrame -count=1 -v | grep -E 'frame|---|^ok|FAIL' || failed=1; \
	echo "== the Cores tab's 10 Hz watch of 20 processes"; \
	TASKSCOPE_BENCH=1 $(GO) test ./ui/model/ -run CoreLanesWatchCost -count=1 -v | grep -E 'cost|---|^ok|FAIL' || failed=1; \
	echo "== the Cores tab against the Processes tab, watching one busy process"; \
	TASKSCOPE_BENCH=1 $(GO) test ./cmd/taskscope/ -run TestBenchCoresCost -count=1 -v | grep -E 'tab|---|^ok|FAIL' || failed=1; \
	echo "== recording: size per hour, CPU on top of sampling, opening and jumping in one hour"; \
	TASKSCOPE_BENCH=1 $(GO) test -p 1 ./record/ ./ui/model/ -run 'TestBenchRecord|TestBenchReplayOpen' -count=1 -v | grep -E 'load:|size|raw|cpu:|hour|---|^ok|FAIL' || failed=1; \
	echo "== the agent: a fresh /metrics scrape, idle at a 15 s scrape interval, streaming at 1 s"; \
	TASKSCOPE_BENCH=1 $(GO) test ./serve/ -run TestBenchAgent -count=1 -v -timeout 10m | grep -E 'agent|---|^ok|FAIL' || failed=1; \
	if [ $$failed = 1 ]; then echo "bench: a comparison missed its target (see FAIL above)" >&2; exit 1; fi

## fuzz: every fuzz target for FUZZTIME each (make fuzz FUZZTIME=5m).
fuzz: deps
	@$(call fuzz_all,$(FUZZTIME))

## soak: the window under its own Xvfb for SOAK (make soak SOAK=10m) with churn and a browser demo
## crashing in a loop; fails if RSS grows >10% after the first minute or goroutines grow.
## The soak binary is built with -tags soak: its Demos tab has the crash loop the release lacks.
soak: test-deps deps
	$(GO) build -tags soak -o $(BIN)-soak ./cmd/taskscope
	TASKSCOPE_SOAK=$(SOAK) TASKSCOPE_SOAK_BIN=$(CURDIR)/$(BIN)-soak $(GO) test ./cmd/taskscope/ -run '^TestSoak$$' -count=1 -v -timeout 0
	@$(no_orphans)

## package: a Linux desktop package (Taskscope.tar.xz: binary, .desktop entry, icon) made by the
## fyne tool from FyneApp.toml; `make -C <unpacked dir> install` installs it.
package: build
	$(GO) tool fyne package --os linux --exe $(BIN) --release
	@ls -l Taskscope.tar.xz

## perf-access: let the built binary trace the whole machine (sched_switch) without root.
## CAP_PERFMON opens the tracepoint; reading its id from tracefs (root's alone) needs
## CAP_DAC_READ_SEARCH too.
perf-access: build
	$(SUDO) setcap cap_perfmon,cap_dac_read_search+ep $(BIN)

clean:
	rm -rf bin *.tar.xz

# apt_ensure installs the listed Debian/Ubuntu packages that are missing: `apt-get update` first,
# because a fresh machine has no package lists, and sudo when not root.
define apt_ensure
missing=""; for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; done; \
if [ -n "$$missing" ]; then \
	command -v apt-get >/dev/null || { echo "taskscope: missing$$missing, and this is not Debian/Ubuntu: install them with your package manager" >&2; exit 1; }; \
	echo "taskscope: installing$$missing" >&2; \
	$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
fi
endef

# fuzz_all runs every fuzz target of the module for the given time each; Go fuzzes one target per
# run, so targets are found by name and run in turn. A failure prints its report and stops.
define fuzz_all
set -e; grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r f; do \
	pkg=./$$(dirname $${f#./}); \
	for t in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
		printf 'fuzz %-12s %-22s ' $$pkg $$t; \
		out=$$($(GO) test $$pkg -run '^$$' -fuzz "^$$t\$$" -fuzztime $(1) 2>&1) || { echo; echo "$$out"; exit 1; }; \
		echo "$$out" | grep -o 'elapsed: [^,]*, execs: [0-9]*' | tail -n 1 || echo ok; \
	done; \
done
endef

# no_orphans fails when a demo process is still alive after the tests: every demo must die with
# whatever started it.
define no_orphans
sleep 1; left=$$(ps -eo pid=,stat=,args= | awk '$$2 !~ /^Z/ && / demo / && !/awk/'); \
if [ -n "$$left" ]; then echo "demo processes left behind:" >&2; echo "$$left" >&2; exit 1; fi; \
echo "no demo process left behind"
endef
