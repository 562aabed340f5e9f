package fleet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/taskscope/taskscope/internal/cmdflag"
)

// Main implements `PROG fleet --prometheus URL [--token-file F] [--ca-file F] [--json]`: it
// prints every host that the Prometheus at URL scrapes an agent on. It returns the exit code:
// 0 on success, 1 when Prometheus cannot be read (one line on stderr), 2 for bad usage.
func Main(prog string, args []string, stdout, stderr io.Writer) int {
	cmd := prog + " fleet"
	fs := cmdflag.New(cmd, cmd+" --prometheus URL [--token-file F] [--ca-file F] [--json]", stderr)
	var o Options
	fs.StringVar(&o.URL, "prometheus", "", "base `URL` of the Prometheus server that scrapes the agents (http://HOST:9090)")
	fs.StringVar(&o.TokenFile, "token-file", "", "`FILE` holding a bearer token for Prometheus")
	fs.StringVar(&o.CAFile, "ca-file", "", "PEM `FILE` of the CA an https:// Prometheus is trusted by")
	asJSON := fs.Bool("json", false, "print JSON: {\"hosts\": [...]}")
	if code, ok := cmdflag.Parse(fs, args); !ok {
		return code
	}
	if o.URL == "" {
		return cmdflag.Usagef(fs, "--prometheus URL is required")
	}
	c, err := New(o)
	if err != nil {
		if errors.Is(err, ErrOptions) {
			return cmdflag.Usagef(fs, "%v", err)
		}
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return 1
	}
	f, err := c.Load(context.Background(), timeNow())
	if err != nil {
		fmt.Fprintf(stderr, "%s: cannot read Prometheus at %s: %v\n", cmd, o.URL, rootCause(err))
		return 1
	}
	if *asJSON {
		out := struct {
			Hosts []Host `json:"hosts"`
		}{f.Hosts}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
			return 1
		}
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "HOST\tINSTANCE\tSTATUS\tCPU\tMEMORY\tPROCESSES\tTOP (cores)")
	for _, r := range Rows(f, SortName) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Name, r.Instance, r.Status, r.CPU, r.Memory, r.Processes, r.Top)
	}
	if len(f.Hosts) == 0 {
		fmt.Fprintf(tw, "(Prometheus at %s scrapes no Taskscope agent: no job has reported taskscope_host_info in the last day)\n", o.URL)
	}
	tw.Flush()
	return 0
}

// rootCause drops the wrapping of a request error down to its last part, which says what
// went wrong ("connection refused") without repeating the URL three times.
func rootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}
