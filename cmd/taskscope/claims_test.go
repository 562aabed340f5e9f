package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestClaimsBadUsage(t *testing.T) {
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"--only", "tabs-are-threads"}, "no claim \"tabs-are-threads\""},
		{[]string{"--only", "gil,"}, "no claim \"\""},
		{[]string{"--bogus"}, "not defined"},
		{[]string{"--json=maybe"}, "invalid boolean"},
		{[]string{"extra"}, "unexpected argument"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := runClaims(c.args, &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), c.msg) || out.Len() != 0 {
			t.Errorf("claims %q: exit %d, stderr %q, stdout %q; want exit 2 saying %q", c.args, code, errb.String(), out.String(), c.msg)
		}
	}
	var out, errb bytes.Buffer
	if code := runClaims([]string{"-h"}, &out, &errb); code != 0 || !strings.Contains(errb.String(), "sync-between-processes") {
		t.Errorf("claims -h: exit %d, stderr %q; want exit 0 and the claim IDs", code, errb.String())
	}
}

func TestClaimsJSONMeasuresTheClaimsAsked(t *testing.T) {
	// The claims whose figures are counts and bytes, not times: quick, and the same on any load.
	ids := []string{"memory", "crashes", "fork-copy", "sync-between-processes"}
	var out, errb bytes.Buffer
	code := runClaims([]string{"--json", "--quick", "--only", strings.Join(ids, ",")}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d; stderr %s; stdout %s", code, errb.String(), out.String())
	}
	var rep struct {
		Machine struct {
			Cores  int     `json:"cores"`
			Kernel string  `json:"kernel"`
			Python *string `json:"python"`
		} `json:"machine"`
		Claims []struct {
			ID      string         `json:"id"`
			Claim   string         `json:"claim"`
			Source  string         `json:"source"`
			Verdict string         `json:"verdict"`
			Why     string         `json:"why"`
			Figures map[string]any `json:"figures"`
		} `json:"claims"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v in %s", err, out.String())
	}
	if rep.Machine.Cores < 1 || rep.Machine.Kernel == "" || rep.Machine.Python == nil {
		t.Errorf("machine %+v", rep.Machine)
	}
	if len(rep.Claims) != len(ids) {
		t.Fatalf("%d claims, want %d: %s", len(rep.Claims), len(ids), out.String())
	}
	for i, c := range rep.Claims {
		if c.ID != ids[i] || c.Claim == "" || !strings.HasPrefix(c.Source, "lecture notes on threads and processes, part ") || c.Why == "" || len(c.Figures) == 0 {
			t.Errorf("claim %d: %+v", i, c)
		}
	}
	// Counted by the kernel, not timed: these verdicts do not depend on the machine's load.
	want := map[string]string{"memory": "holds", "crashes": "holds", "fork-copy": "wrong", "sync-between-processes": "wrong"}
	for _, c := range rep.Claims {
		if c.Verdict != want[c.ID] {
			t.Errorf("%s: verdict %q (%s), want %q", c.ID, c.Verdict, c.Why, want[c.ID])
		}
	}
}
