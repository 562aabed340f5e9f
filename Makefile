# Taskscope: `make run` opens the window, `make test` runs every test. Both install what is missing.
# `make check` is the quality gate, `make install` / `make deb` install it as a desktop app.
# See README.md and docs/commands.md for the rest.

GO        ?= go
BIN       := bin/taskscope
# System packages for building and running: the cgo build of Fyne (GLFW, OpenGL, X11/Wayland) and
# python3 for the Python demos (python, forkcow).
APT_PKGS  := gcc pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev procps python3
# What the tests need on top: the X server and tools of the window tests, linux-perf as the
# reference for exact traces, and prometheus for the agent's scrape test.
# (Ubuntu ships perf as linux-tools for the running kernel; Debian as linux-perf.)
PERF_PKGS := $(shell . /etc/os-release 2>/dev/null; [ "$$ID" = ubuntu ] && echo "linux-tools-common linux-tools-$$(uname -r)" || echo linux-perf)
# desktop-file-utils checks the .desktop entry that make install and make deb ship; xdotool
# presses a lesson's keys in the real window (the lesson test under Xvfb).
TEST_PKGS := xvfb x11-utils imagemagick xdotool $(PERF_PKGS) prometheus desktop-file-utils
# Only the speed comparison of the window needs this one.
BENCH_PKGS := gnome-system-monitor libglib2.0-bin
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
FUZZTIME  ?= 30s
# How long each fuzz target runs inside `make test`: a count of executions, not a duration, because
# Go 1.26's fuzz coordinator can report a spurious "context deadline exceeded" when a duration runs
# out while a worker is busy (golang/go#75804, seen here on a loaded machine).
TEST_FUZZTIME ?= 10000x
SOAK      ?= 10m
# The third-party viewer the export is checked in (`make viewer-test`): speedscope from npm, kept
# in a cache outside the repository, opened in Debian's headless chromium.
SPEEDSCOPE_VERSION := 1.25.0
VIEWER_DIR         ?= $(HOME)/.cache/taskscope-viewer
# The pinned versions of the tools make check and make deb run (go run fetches them once).
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
NFPM        := github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.48.0
# Where make install puts the app: ~/.local for you alone, PREFIX=/usr/local for everyone;
# DESTDIR is prepended for packaging and scratch-root tests.
PREFIX    ?= $(HOME)/.local
DESTDIR   ?=
VERSION   := $(shell sed -n 's/^Version = "\(.*\)"/\1/p' FyneApp.toml)
# The screenshot of the README: the real window under its own X server.
SCREEN_DISPLAY ?= :77

GO_NEED   := $(shell sed -n 's/^go \([0-9.]*\)$$/\1/p' go.mod)

# bash with pipefail, so a failing test piped through grep still fails the target.
SHELL       := /bin/bash
.SHELLFLAGS := -o pipefail -c

export LANG := C.UTF-8
export CGO_ENABLED := 1

.PHONY: all run build agent test check bench fuzz soak package deps test-deps bench-deps clean perf-access \
	tracefs install uninstall deb screenshot viewer-deps viewer-test

all: build

## deps: install the system packages that are missing (apt-get, with sudo when not root).
deps:
	@$(call apt_ensure,$(APT_PKGS))
	@command -v $(GO) >/dev/null || { echo "taskscope: Go $(GO_NEED) or newer is needed and 'go' is not on PATH; install it from https://go.dev/dl/ (Debian's golang package is too old), then run make again." >&2; exit 1; }

test-deps: deps
	@$(call apt_ensure,$(TEST_PKGS))

bench-deps: test-deps
	@$(call apt_ensure,$(BENCH_PKGS))

# The window is built without Fyne's animations (Fyne's own build tag for it). The one a user
# meets is the filter box's fading cursor: while the box has the focus it had Fyne repaint the
# whole window about nine times a second, 3.5% of a core becoming 13% under software OpenGL.
# Without it the cursor stays lit, as GTK leaves it after ten seconds; buttons and tabs lose
# their short tap and slide effects. The GUI tests build the window with the same tags.
GUI_TAGS := no_animations

build: deps
	$(GO) build -tags $(GUI_TAGS) -o $(BIN) ./cmd/taskscope

## agent: the headless agent for servers, a static executable without cgo (no X, GL or libc needed).
agent:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w" -o bin/taskscope-agent ./cmd/taskscope-agent

## run: build and open the window.
run: build
	./$(BIN) $(ARGS)

## test: every test, the window tests under Xvfb, and a short run of every fuzz target.
## A test that needs what this machine does not allow (root, perf events, tracefs) checks the
## refusal a user sees and is skipped; the run ends with a summary of those skips and the command
## that allows each. Under CI=true (.ci/run) such a skip is a failure instead.
test: test-deps tracefs
	# One package at a time (-p 1): many tests measure real workloads (the GIL, races, churn,
	# lanes), and two packages loading both cores at once would measure each other.
	# Then every fuzz target briefly, no demo left behind, the install both ways; the summary
	# of what could not run here comes last.
	@skips=$$(mktemp -t taskscope-skips.XXXXXX); export TASKSCOPE_SKIPS=$$skips; \
	TASKSCOPE_REQUIRE_DISPLAY=1 $(GO) test -p 1 -count=1 -timeout 15m ./...; rc=$$?; \
	if [ $$rc = 0 ]; then \
		( $(call fuzz_all,$(TEST_FUZZTIME)) ) && ( $(no_orphans) ) && bash scripts/install-test.sh || rc=1; \
	fi; \
	$(call skips_summary,$$skips); rm -f $$skips; exit $$rc

## check: the quality gate: gofmt, go vet, staticcheck, go mod tidy, and the race detector on
## every package that builds without cgo (its tests need what make test needs, so it installs that).
check: test-deps tracefs
	@bad=$$(gofmt -l $$(find . -name '*.go' -not -path './.git/*')); \
	if [ -n "$$bad" ]; then echo "gofmt: not formatted (run gofmt -w on them):" >&2; echo "$$bad" >&2; exit 1; fi; \
	echo "gofmt: ok"
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) mod tidy -diff
	@pkgs=$$(CGO_ENABLED=0 $(GO) list -e -f '{{if not .Error}}{{if not .DepsErrors}}{{.ImportPath}}{{end}}{{end}}' ./...); \
	echo "race detector on:" $$pkgs; \
	$(GO) test -race -short -p 1 -count=1 -timeout 15m $$pkgs

## tracefs: mount tracefs when it is absent and we are root (a fresh VM or container); the
## whole-machine trace (sched_switch) needs it. As an ordinary user nothing is done: the tests
## then check the refusal the window shows instead.
tracefs:
	@if [ "$$(id -u)" = 0 ] && [ ! -e /sys/kernel/tracing/events ] && [ ! -e /sys/kernel/debug/tracing/events ]; then \
		echo "taskscope: tracefs is not mounted; mounting it at /sys/kernel/tracing for the whole-machine trace tests" >&2; \
		mount -t tracefs nodev /sys/kernel/tracing || echo "taskscope: could not mount tracefs here; the whole-machine trace tests will say what they miss" >&2; \
	fi

## viewer-test: open a real export in speedscope (npm) in headless chromium: no warning, every track
## listed. Installs both first (about 400 MB; the test itself takes seconds). CI=true is set, so a
## missing prerequisite (these tools, perf events for the traced workload) fails instead of skipping:
## CI runs it after `make test` (one line in .ci/run).
viewer-test: viewer-deps
	TASKSCOPE_SPEEDSCOPE=$(VIEWER_DIR)/node_modules/speedscope/dist/release CI=true \
		$(GO) test -count=1 -v -run 'TestSpeedscope' ./record/

viewer-deps: deps
	@$(call apt_ensure,chromium)
	@# npm may come with a Node.js installed outside Debian's packages; only its absence installs Debian's.
	@command -v npm >/dev/null || { $(call apt_ensure,npm); }
	@[ -f $(VIEWER_DIR)/node_modules/speedscope/dist/release/index.html ] || \
		npm install --no-audit --no-fund --prefix $(VIEWER_DIR) speedscope@$(SPEEDSCOPE_VERSION)
	@# Said here, in one line, rather than as a test failure further down.
	@[ -f $(VIEWER_DIR)/node_modules/speedscope/dist/release/index.html ] || \
		{ echo "taskscope: speedscope $(SPEEDSCOPE_VERSION) is not in $(VIEWER_DIR) after npm install" >&2; exit 1; }
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
		{ echo "taskscope: chromium is not on PATH after installing Debian's chromium package" >&2; exit 1; }

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
	echo "== a fleet under a real Prometheus: 50 agents in namespaces, then 200 hosts; series under 10,000 processes of churn (root)"; \
	TASKSCOPE_BENCH=1 $(GO) test ./fleet/ -run TestBenchFleet -count=1 -v -timeout 10m | grep -E 'fleet:|---|^ok|FAIL|SKIP' || failed=1; \
	TASKSCOPE_BENCH=1 $(GO) test ./ui/fleettab/ -run TestBenchFleetFrame -count=1 -v -timeout 10m | grep -E 'fleet:|---|^ok|FAIL|SKIP' || failed=1; \
	if [ $$failed = 1 ]; then echo "bench: a comparison missed its target (see FAIL above)" >&2; exit 1; fi

## fuzz: every fuzz target for FUZZTIME each (make fuzz FUZZTIME=5m).
fuzz: deps
	@$(call fuzz_all,$(FUZZTIME))

## soak: the window under its own Xvfb for SOAK (make soak SOAK=10m) with churn and a browser demo
## crashing in a loop; fails if RSS grows >10% after the first minute or goroutines grow.
## The soak binary is built with -tags soak: its Demos tab has the crash loop the release lacks.
soak: test-deps deps
	$(GO) build -tags soak,$(GUI_TAGS) -o $(BIN)-soak ./cmd/taskscope
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

## install: the binary, its .desktop entry and icon where the desktop finds them, under
## $(DESTDIR)$(PREFIX) (default ~/.local; make install PREFIX=/usr/local for everyone, with sudo).
install: build
	install -Dm755 $(BIN) $(DESTDIR)$(PREFIX)/bin/taskscope
	# The entry names the binary by its full path: ~/.local/bin is not on every desktop's PATH.
	install -d $(DESTDIR)$(PREFIX)/share/applications
	sed 's|^Exec=taskscope|Exec=$(PREFIX)/bin/taskscope|' packaging/taskscope.desktop > $(DESTDIR)$(PREFIX)/share/applications/io.github.taskscope.Taskscope.desktop
	install -Dm644 assets/icon.png $(DESTDIR)$(PREFIX)/share/icons/hicolor/256x256/apps/io.github.taskscope.Taskscope.png
	install -Dm644 assets/icon.svg $(DESTDIR)$(PREFIX)/share/icons/hicolor/scalable/apps/io.github.taskscope.Taskscope.svg
	@# No update-desktop-database: the entry declares no MIME types, desktops watch the directory,
	@# and its cache would be a file uninstall did not put there.
	@echo "taskscope: installed in $(DESTDIR)$(PREFIX); it is in the app menu as Taskscope"

## uninstall: remove exactly what make install put there (same PREFIX and DESTDIR).
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/taskscope \
		$(DESTDIR)$(PREFIX)/share/applications/io.github.taskscope.Taskscope.desktop \
		$(DESTDIR)$(PREFIX)/share/icons/hicolor/256x256/apps/io.github.taskscope.Taskscope.png \
		$(DESTDIR)$(PREFIX)/share/icons/hicolor/scalable/apps/io.github.taskscope.Taskscope.svg

## deb: a Debian package (bin/taskscope_VERSION_amd64.deb) built by nfpm from packaging/nfpm.yaml;
## install it with `sudo apt install ./bin/taskscope_*.deb`.
deb: build
	VERSION=$(VERSION) $(GO) run $(NFPM) package --config packaging/nfpm.yaml --packager deb --target bin/
	@ls -l bin/taskscope_*.deb

## screenshot: docs/screenshot.png from the real window under Xvfb at 1280x720.
screenshot: test-deps build
	@bash scripts/screenshot.sh $(SCREEN_DISPLAY) docs/screenshot.png

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

# skips_summary prints what could not run here, grouped by the command that allows it; the file
# holds one line per skip: test, what it needs, the command.
define skips_summary
if [ -s $(1) ]; then \
	echo; echo "== $$(wc -l < $(1)) test(s) could not run on this machine (they checked the refusal you would see):"; \
	sort -u $(1) | awk -F'\t' '{ n[$$2 FS $$3]++; t[$$2 FS $$3] = t[$$2 FS $$3] (t[$$2 FS $$3] ? " " : "") $$1 } \
		END { for (k in n) { split(k, p, FS); printf "  needs %s (%d): %s\n    allow it with: %s\n", p[1], n[k], t[k], (p[2] == "" ? "see the test log" : p[2]) } }'; \
	echo "== under CI=true these are failures."; \
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
