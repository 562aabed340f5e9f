"""Taskscope's Python demo: CPU-bound and I/O-bound work on threading.Thread and on
multiprocessing.Process, run by a real CPython, so that its Global Interpreter Lock is measured
rather than imitated. Standard library only.

The Go side (demos/python*.go) starts this script and reads its standard output: one JSON object
a line. It never writes to the script; to stop it, it kills the script's process group.

    gil.py probe                         report the interpreter (ready) and exit
    gil.py compare --workers N           one worker, N threads, N processes (in rounds), I/O; exit
    gil.py live --model M --kind K --workers N   run until killed, totals once a second
"""

import argparse
import ctypes
import gc
import json
import mmap
import multiprocessing
import os
import platform
import resource
import sys
import threading
import time

# prctl options (linux/prctl.h) and the signal a worker process gets when its parent dies.
PR_SET_NAME = 15
PR_SET_PDEATHSIG = 1
SIGKILL = 9

# One I/O unit waits this long. A sleep blocks in the kernel with the GIL released, as a read from
# a socket or a disk does.
IO_WAIT_S = 0.02
# Compare mode: the I/O work is this many waits in all, shared among the workers.
IO_WAITS_TOTAL = 48
# Compare mode: how long the calibration of one CPU unit runs.
CALIBRATE_S = 0.25

_libc = ctypes.CDLL(None, use_errno=True)
_emit_lock = threading.Lock()


def emit(**fields):
    """Write one event line with a single write(): a pipe keeps writes of up to 4 KiB whole, so
    lines from the threads and the worker processes that share this pipe never mix."""
    line = (json.dumps(fields) + "\n").encode()
    with _emit_lock:
        os.write(1, line)


def name_this_thread(name):
    """Give the calling OS thread a name /proc shows (comm). CPython before 3.14 does not name
    its threads after threading.Thread.name, so ask the kernel directly."""
    _libc.prctl(PR_SET_NAME, ctypes.c_char_p(name.encode()[:15]), 0, 0, 0)


def die_with(parent_pid):
    """Have the kernel kill this worker process when its parent dies, so no worker outlives the
    demo; if the parent is already gone, leave now."""
    _libc.prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def gil_disabled():
    """True only when the running interpreter says its GIL is off right now. A build's name
    (python3.13t) proves nothing: the GIL can be switched back on at start or by an import."""
    check = getattr(sys, "_is_gil_enabled", None)
    return check is not None and not check()


def cpu_unit():
    """One unit of CPU-bound work: trial division of 150 odd numbers, pure bytecode that holds
    the GIL from start to end. It returns the primes found so the loop cannot be skipped."""
    found = 0
    for n in range(10_001, 10_301, 2):
        d = 3
        while d * d <= n:
            if n % d == 0:
                break
            d += 2
        else:
            found += 1
    return found


def io_unit():
    """One unit of I/O-bound work: a wait in the kernel, during which other threads may run."""
    time.sleep(IO_WAIT_S)


def do_units(kind, units):
    unit = cpu_unit if kind == "cpu" else io_unit
    for _ in range(units):
        unit()


def worker_name(k):
    return "py-worker-%d" % k


def announce(k, phase):
    name = worker_name(k)
    name_this_thread(name)
    emit(event="worker", worker=k, pid=os.getpid(), tid=threading.get_native_id(), name=name, phase=phase)


# --- compare: the same total work on one worker, on N threads, on N processes ---------------


def thread_body(k, kind, units, phase):
    announce(k, phase)
    do_units(kind, units)


def process_body(k, kind, units, phase, parent):
    die_with(parent)
    announce(k, phase)
    do_units(kind, units)


def split(total, n):
    """Share total units among n workers as evenly as whole units allow."""
    return [total // n + (1 if k < total % n else 0) for k in range(n)]


def cpu_seconds(who):
    """CPU time used so far by this process's threads (RUSAGE_SELF) or by its reaped children."""
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def timed_threads(kind, shares, phase):
    """Start one threading.Thread per share, as in the notes, and time them from start to join.
    Returns the wall time and the CPU time the process used meanwhile."""
    threads = [
        threading.Thread(target=thread_body, args=(k + 1, kind, units, phase), name=worker_name(k + 1))
        for k, units in enumerate(shares)
    ]
    cpu = cpu_seconds(resource.RUSAGE_SELF)
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, cpu_seconds(resource.RUSAGE_SELF) - cpu


def timed_processes(kind, shares, phase):
    """Start one multiprocessing.Process per share and time them from start to join, creation
    included: that cost is part of what processes charge. The fork start method (the Linux default
    up to Python 3.13) is asked for by name so every version measures the same thing."""
    ctx = multiprocessing.get_context("fork")
    me = os.getpid()
    procs = [
        ctx.Process(target=process_body, args=(k + 1, kind, units, phase, me), name=worker_name(k + 1))
        for k, units in enumerate(shares)
    ]
    cpu = cpu_seconds(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join()  # reaps the child, so its CPU time counts in RUSAGE_CHILDREN
    elapsed = time.perf_counter() - start
    bad = [p.exitcode for p in procs if p.exitcode != 0]
    if bad:
        raise RuntimeError("worker processes failed with exit codes %s" % bad)
    return elapsed, cpu_seconds(resource.RUSAGE_CHILDREN) - cpu


def calibrate(seconds):
    """Units of CPU work one thread does per second of its own CPU time. CPU time, not wall time:
    on a machine busy with other work a wall-clock calibration would shrink the work to almost
    nothing, and then every round would be lost in the noise."""
    done = 0
    start = time.thread_time()
    while True:
        cpu_unit()
        done += 1
        used = time.thread_time() - start
        if used >= seconds:
            return done / used


def compare(workers, target_s, rounds):
    """Time the same CPU work on one thread, on N threads and on N processes, in short rounds that
    take turns, so that load from other programs on a shared machine falls on all three alike; the
    Go side takes the median round. Beside each wall time, the CPU time used meanwhile: how many
    cores' worth each kind kept busy, which the GIL holds to one for threads however many cores
    are free."""
    rate = calibrate(CALIBRATE_S)
    units = max(workers, round(rate * target_s))
    runs = {"one_worker": [], "threads": [], "processes": []}
    for _ in range(rounds):
        runs["one_worker"].append(timed_threads("cpu", [units], "one_worker"))
        runs["threads"].append(timed_threads("cpu", split(units, workers), "threads"))
        runs["processes"].append(timed_processes("cpu", split(units, workers), "processes"))
    io_sequential, _ = timed_threads("io", [IO_WAITS_TOTAL], "io_sequential")
    io_threads, _ = timed_threads("io", split(IO_WAITS_TOTAL, workers), "io_threads")
    figures = {}
    for kind, rs in runs.items():
        figures[kind + "_rounds_s"] = [wall for wall, _ in rs]
        figures[kind + "_rounds_cpu_s"] = [cpu for _, cpu in rs]
    emit(
        event="timings", workers=workers, rounds=rounds, cpu_units=units, io_waits=IO_WAITS_TOTAL,
        io_wait_ms=IO_WAIT_S * 1000, io_sequential_s=io_sequential, io_threads_s=io_threads,
        free_threaded=gil_disabled(), **figures,
    )


# --- live: N workers until killed, running totals once a second ---------------------------


def live(model, kind, workers):
    # Each worker counts in a slot of its own in an anonymous shared mapping, which fork passes to
    # worker processes; threads could use a list, but one mechanism for both keeps them alike.
    shared = mmap.mmap(-1, 8 * workers)
    counts = memoryview(shared).cast("q")

    def loop(k):
        unit = cpu_unit if kind == "cpu" else io_unit
        while True:
            unit()
            counts[k - 1] += 1

    def as_thread(k):
        announce(k, "live")
        loop(k)

    def as_process(k, parent):
        die_with(parent)
        announce(k, "live")
        loop(k)

    if model == "threads":
        for k in range(1, workers + 1):
            threading.Thread(target=as_thread, args=(k,), name=worker_name(k), daemon=True).start()
    else:
        ctx = multiprocessing.get_context("fork")
        me = os.getpid()
        for k in range(1, workers + 1):
            ctx.Process(target=as_process, args=(k, me), name=worker_name(k), daemon=True).start()
    while True:
        emit(event="count", t=time.monotonic(), units=list(counts))
        time.sleep(1.0)


def forget_own_file():
    """Remove this script and the directory the Go side wrote it to, now that the interpreter
    has compiled it: were the demo killed outright, nothing would be left behind in /tmp.
    Only a directory named as the Go side names them is touched."""
    here = os.path.dirname(os.path.abspath(sys.argv[0]))
    if os.path.basename(here).startswith("taskscope-py-"):
        try:
            os.unlink(os.path.abspath(sys.argv[0]))
            os.rmdir(here)
        except OSError:
            pass  # the Go side removes it when the script ends


def main():
    forget_own_file()
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["probe", "compare", "live"])
    ap.add_argument("--model", choices=["threads", "processes"], default="threads")
    ap.add_argument("--kind", choices=["cpu", "io"], default="cpu")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--target-s", type=float, default=0.3)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--data-cap-mib", type=int, default=512)
    a = ap.parse_args()
    if not 1 <= a.workers <= 16:
        ap.error("workers must be between 1 and 16")
    # Cap this process's (and each worker's) heap, so a runaway cannot eat the machine.
    cap = a.data_cap_mib << 20
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    emit(
        event="ready", pid=os.getpid(), python=platform.python_version(),
        implementation=platform.python_implementation(), executable=sys.executable,
        free_threaded=gil_disabled(), has_gil_check=hasattr(sys, "_is_gil_enabled"),
    )
    if a.mode == "compare":
        # Collections in a forked worker would write to every object's header and copy pages for
        # nothing; what is measured here is the interpreter's lock, not the collector.
        gc.freeze()
        compare(a.workers, a.target_s, max(1, min(a.rounds, 10)))
    elif a.mode == "live":
        live(a.model, a.kind, a.workers)


if __name__ == "__main__":
    main()
