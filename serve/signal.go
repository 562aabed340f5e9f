package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
)

// SignalRequest is the body of POST /api/v1/signal: which process (PID and start time, so a
// reused PID is never hit) and which signal.
type SignalRequest struct {
	PID        int    `json:"pid"`
	StartTicks uint64 `json:"start_ticks"`
	// Signal is TERM, KILL, STOP, CONT, INT or HUP (with or without the SIG prefix).
	Signal string `json:"signal"`
}

// SignalReply is the body of every answer of POST /api/v1/signal: Sent on success, Error
// otherwise, in words a person can read.
type SignalReply struct {
	Sent  string `json:"sent,omitempty"`
	Error string `json:"error,omitempty"`
}

// signals are the signals the agent sends: the ones the window offers, and two that ask a
// program to stop or reload in the usual way. Nothing that dumps core or is meant for a debugger.
var signals = map[string]unix.Signal{
	"TERM": unix.SIGTERM, "KILL": unix.SIGKILL, "STOP": unix.SIGSTOP, "CONT": unix.SIGCONT,
	"INT": unix.SIGINT, "HUP": unix.SIGHUP,
}

// ErrSignalsOff says the agent was started without --allow-signals.
var ErrSignalsOff = errors.New("signals are off: the agent was started without --allow-signals")

// serveSignal answers POST /api/v1/signal.
func (s *Server) serveSignal(w http.ResponseWriter, r *http.Request) {
	reply := func(code int, rep SignalReply) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(rep)
	}
	if !s.cfg.AllowSignals {
		reply(http.StatusForbidden, SignalReply{Error: ErrSignalsOff.Error()})
		return
	}
	var req SignalRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		reply(http.StatusBadRequest, SignalReply{Error: "body must be {\"pid\":N,\"start_ticks\":N,\"signal\":\"TERM\"}: " + err.Error()})
		return
	}
	sig, ok := signals[strings.TrimPrefix(strings.ToUpper(req.Signal), "SIG")]
	if !ok || req.PID <= 0 {
		reply(http.StatusBadRequest, SignalReply{Error: fmt.Sprintf("signal %q or pid %d not accepted: signals are TERM, KILL, STOP, CONT, INT, HUP", req.Signal, req.PID)})
		return
	}
	switch req.PID {
	case 1:
		reply(http.StatusForbidden, SignalReply{Error: "PID 1 is the init process: if it ends, the whole system goes down with it"})
		return
	case os.Getpid():
		reply(http.StatusForbidden, SignalReply{Error: "that is the agent itself; stop it with its service manager"})
		return
	}
	err := s.signal(inspect.TaskKey{ID: req.PID, StartTicks: req.StartTicks}, sig)
	switch {
	case err == nil:
		reply(http.StatusOK, SignalReply{Sent: unix.SignalName(sig)})
	case errors.Is(err, inspect.ErrGone):
		reply(http.StatusNotFound, SignalReply{Error: fmt.Sprintf("process %d has already ended (or its PID is another process's now); nothing was sent", req.PID)})
	case errors.Is(err, unix.EPERM):
		reply(http.StatusForbidden, SignalReply{Error: fmt.Sprintf("the agent may not signal process %d: it belongs to another user", req.PID)})
	default:
		reply(http.StatusInternalServerError, SignalReply{Error: err.Error()})
	}
}

// isTimeout reports whether a write failed because its deadline passed.
func isTimeout(err error) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
