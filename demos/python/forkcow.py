"""Taskscope's fork copy-on-write demo, run by a real CPython (standard library only).

A parent fills a bytearray of --mib MiB so every page of it is resident, then forks --children
children with os.fork(), which is what multiprocessing does on Linux with its fork start method.
The Go side (demos/forkcow*.go) measures each child's memory in /proc between the steps.

Standard input, one command a line, from the Go side:
    fork        fork every child; each waits for its orders
    write K     child K writes every byte of its copy of the data; answered by "written"
    (end)       children end, the parent reaps them and exits
Standard output: one JSON event a line: ready, forked, written.
"""

import argparse
import ctypes
import gc
import json
import mmap
import os
import platform
import resource
import sys

PR_SET_NAME = 15
PR_SET_PDEATHSIG = 1
SIGKILL = 9

_libc = ctypes.CDLL(None, use_errno=True)


def emit(**fields):
    os.write(1, (json.dumps(fields) + "\n").encode())


def name_this_thread(name):
    _libc.prctl(PR_SET_NAME, ctypes.c_char_p(name.encode()[:15]), 0, 0, 0)


def child_main(k, data, parent, orders, answers, others):
    """Wait for orders from the parent; on "w" write every byte of this process's copy of data."""
    try:
        _libc.prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            return
        name_this_thread("cow-child-%d" % k)
        # The ends of the other children's pipes came along with the fork: holding them would keep
        # a sibling from seeing its orders end.
        for fd in others:
            os.close(fd)
        # The child never reads commands or prints events; the parent does.
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        # Settled: tell the parent, which only then reports the fork, so the first measurement
        # sees the child at rest and under its own name.
        os.write(answers, b"r")
        while True:
            order = os.read(orders, 1)
            if order != b"w":
                return
            # memset through ctypes writes the buffer in place. Filling it from Python
            # (data[:] = ...) would first build a second buffer of the same size, whose pages
            # would be counted as this child's too.
            view = (ctypes.c_char * len(data)).from_buffer(data)
            ctypes.memset(ctypes.addressof(view), 2, len(data))
            del view
            os.write(answers, b"k")
    finally:
        # Leave without running the parent's clean-up code, which this copy must not run.
        os._exit(0)


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
    ap.add_argument("--mib", type=int, default=64)
    ap.add_argument("--children", type=int, default=2)
    a = ap.parse_args()
    if not 1 <= a.mib <= 1024 or not 1 <= a.children <= 8:
        ap.error("mib must be 1..1024 and children 1..8")
    cap = (a.mib + 256) << 20
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    name_this_thread("cow-parent")

    size = a.mib << 20
    data = bytearray(size)
    # bytearray(size) may get fresh zero pages that are not yet really there; writing one byte
    # in every page makes each one resident and this process's own before the fork.
    page = mmap.PAGESIZE
    data[::page] = b"\x01" * len(range(0, size, page))
    # Objects frozen before the fork are left alone by a collection in a child, so the
    # collector does not copy pages the lesson is not about.
    gc.freeze()
    me = os.getpid()
    emit(event="ready", pid=me, data_bytes=size, page_bytes=page, python=platform.python_version())

    children = []  # (pid, orders write end, answers read end)
    for line in sys.stdin:
        words = line.split()
        if words == ["fork"] and not children:
            for k in range(1, a.children + 1):
                orders_r, orders_w = os.pipe()
                answers_r, answers_w = os.pipe()
                others = [fd for c in children for fd in c[1:]] + [orders_w, answers_r]
                pid = os.fork()
                if pid == 0:
                    child_main(k, data, me, orders_r, answers_w, others)
                os.close(orders_r)
                os.close(answers_w)
                children.append((pid, orders_w, answers_r))
                if os.read(answers_r, 1) != b"r":
                    emit(event="error", message="child %d (pid %d) ended right after the fork" % (k, pid))
                    sys.exit(1)
                emit(event="forked", child=k, pid=pid)
        elif len(words) == 2 and words[0] == "write" and words[1].isdigit() and 1 <= int(words[1]) <= len(children):
            k = int(words[1])
            pid, orders_w, answers_r = children[k - 1]
            os.write(orders_w, b"w")
            if os.read(answers_r, 1) != b"k":
                emit(event="error", message="child %d (pid %d) ended before writing its copy" % (k, pid))
                sys.exit(1)
            emit(event="written", child=k, pid=pid)
        else:
            emit(event="error", message="forkcow.py: unknown order %r" % line.strip())
    for pid, orders_w, answers_r in children:
        os.close(orders_w)
    for pid, _, _ in children:
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
