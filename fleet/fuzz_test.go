package fleet

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// FuzzLoad answers every request of Load with the same fuzzed body, as a broken or hostile
// server might: Load must return an error or a fleet whose figures are all sane numbers that
// encode as JSON, never panic.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"j","instance":"i","hostname":"h"},"value":[1,"NaN"]}],"activeTargets":[{"labels":{"job":"j","instance":"i"},"health":"up","scrapeUrl":"http://i/metrics"}]}}`))
	f.Add([]byte(`{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"j","instance":"i"},"value":[1,"-1e308"]}],"activeTargets":[{"labels":{"job":"j","instance":"i"},"health":"down","lastError":"x"}]}}`))
	f.Add([]byte(`{"status":"error","errorType":"bad_data","error":"nope"}`))
	f.Add([]byte(`{"status":"success","data":{"resultType":"matrix","result":[]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write(body)
		}))
		defer srv.Close()
		c, err := New(Options{URL: srv.URL, Timeout: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		fl, err := c.Load(context.Background(), time.Unix(1000, 0))
		if err != nil {
			return
		}
		if _, err := json.Marshal(fl); err != nil {
			t.Fatalf("fleet from %q does not encode: %v", body, err)
		}
		for _, h := range fl.Hosts {
			if h.Cores < 0 || h.Processes < 0 || h.CPUBusyCores < 0 || len(h.Top) > TopN {
				t.Fatalf("insane host %+v from %q", h, body)
			}
		}
		Rows(fl, SortCPU)
	})
}
