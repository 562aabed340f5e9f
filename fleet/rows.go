package fleet

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Row is what the Fleet view and the table of `taskscope fleet` show of one host: every
// decision about text and order made here, so that it is tested without a window.
type Row struct {
	// Key names the host in a History (HostKey).
	Key            string
	Name, Instance string
	Up             bool
	// Status is "up", or "down: " and the reason in a few words.
	Status string
	// CPU is "1.2 of 4 cores"; Memory "2.1 of 7.8 GiB"; Processes the count; Top the busiest
	// groups with their share of a core, "cc 0.92, go 0.10".
	CPU, Memory, Processes, Top string
	// Busy is cores busy over cores (0..1), for a meter; -1 when unknown.
	Busy float64
}

// SortKey is an order of the rows.
type SortKey int

// The orders of the rows. Every order breaks ties by name and instance.
const (
	// SortName orders by host name, A to Z (the default).
	SortName SortKey = iota
	// SortStatus puts down hosts first.
	SortStatus
	// SortCPU puts the most cores busy first.
	SortCPU
	// SortMemory puts the most memory used first.
	SortMemory
	// SortProcesses puts the most processes first.
	SortProcesses
)

// SortNames are the column titles of the sort keys, in SortKey order.
var SortNames = []string{"Host", "Status", "CPU", "Memory", "Processes"}

// Rows turns a fleet into rows in the order by.
func Rows(f Fleet, by SortKey) []Row {
	hosts := slices.Clone(f.Hosts)
	slices.SortStableFunc(hosts, func(a, b Host) int {
		var c int
		switch by {
		case SortStatus:
			c = cmp.Compare(boolInt(a.Up), boolInt(b.Up))
		case SortCPU:
			c = cmp.Compare(b.CPUBusyCores, a.CPUBusyCores)
		case SortMemory:
			c = cmp.Compare(b.MemoryUsedBytes, a.MemoryUsedBytes)
		case SortProcesses:
			c = cmp.Compare(b.Processes, a.Processes)
		}
		return cmp.Or(c, cmp.Compare(a.Host, b.Host), cmp.Compare(a.Instance, b.Instance))
	})
	rows := make([]Row, len(hosts))
	for i, h := range hosts {
		rows[i] = row(h)
	}
	return rows
}

// row is one host's row.
func row(h Host) Row {
	r := Row{Key: HostKey(h.Job, h.Instance), Name: h.Host, Instance: h.Instance, Up: h.Up, Status: "up", Busy: -1}
	if !h.Up {
		r.Status = "down: " + DownReason(h.Reason)
	}
	if h.Cores > 0 {
		r.CPU = fmt.Sprintf("%.1f of %d cores", h.CPUBusyCores, h.Cores)
		r.Busy = min(max(h.CPUBusyCores/float64(h.Cores), 0), 1)
	} else {
		r.CPU = "–"
	}
	if h.MemoryTotalBytes > 0 {
		r.Memory = fmt.Sprintf("%.1f of %.1f GiB", h.MemoryUsedBytes/(1<<30), h.MemoryTotalBytes/(1<<30))
	} else {
		r.Memory = "–"
	}
	if h.Up || h.Processes > 0 {
		r.Processes = strconv.Itoa(h.Processes)
	} else {
		r.Processes = "–"
	}
	parts := make([]string, 0, len(h.Top))
	for _, t := range h.Top {
		parts = append(parts, fmt.Sprintf("%s %.2f", t.Process, t.CPUCores))
	}
	r.Top = strings.Join(parts, ", ")
	return r
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// DownReason says in a few words why a scrape failed, from the lastError Prometheus keeps:
// the usual causes by name, anything else as Prometheus wrote it, cut to 80 characters.
func DownReason(lastError string) string {
	e := strings.TrimSpace(lastError)
	switch {
	case e == "":
		return "scrape failed, no reason given"
	case strings.Contains(e, "connection refused"):
		return "connection refused: nothing listens at the agent's address"
	case strings.Contains(e, "context deadline exceeded"), strings.Contains(e, "i/o timeout"):
		return "timed out: the agent did not answer within the scrape timeout"
	case strings.Contains(e, "no such host"):
		return "unknown host name (DNS)"
	case strings.Contains(e, "no route to host"), strings.Contains(e, "network is unreachable"):
		return "no route to the agent's host"
	case strings.Contains(e, "401"), strings.Contains(e, "403"):
		return "token refused (HTTP 401/403): the scrape's token is not the agent's"
	case strings.Contains(e, "certificate"):
		return "TLS certificate not trusted"
	}
	if r := []rune(e); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return e
}

// ErrCannotOpen is wrapped by the reasons a host cannot be opened live.
var ErrCannotOpen = errors.New("cannot open the host live")

// AgentURL is the address the window opens a host's agent at (as --remote does): the scrape
// URL without its /metrics path. A host that is down, or whose scrape URL is not an agent's,
// cannot be opened, and the error says why.
func AgentURL(h Host) (string, error) {
	if !h.Up {
		return "", fmt.Errorf("%w: %s is down: %s", ErrCannotOpen, h.Host, DownReason(h.Reason))
	}
	u, err := url.Parse(h.ScrapeURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("%w: Prometheus gives no usable address for %s (scrape URL %q)", ErrCannotOpen, h.Host, h.ScrapeURL)
	}
	if u.Path != "/metrics" {
		return "", fmt.Errorf("%w: %s is scraped at %s, not at an agent's /metrics", ErrCannotOpen, h.Host, u.Path)
	}
	return u.Scheme + "://" + u.Host, nil
}

// RowIndex is the place of the host key in rows, or -1: a selection follows its host when a
// refresh or a new order moves it, and ends when the host is gone.
func RowIndex(rows []Row, key string) int {
	return slices.IndexFunc(rows, func(r Row) bool { return r.Key == key })
}
