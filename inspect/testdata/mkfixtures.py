#!/usr/bin/env python3
"""Writes the fixture proc trees proc-t0 and proc-t1 (one second apart) used by the inspect tests.

Run from inspect/testdata: python3 mkfixtures.py. What each PID stands for:
  1    systemd, one thread, 10 ticks of CPU between t0 and t1 (10%)
  2    kthreadd, kernel thread (PF_KTHREAD), no cmdline
  10   kworker/0:1-events, kernel thread with ppid 2, name longer than 15 bytes (workqueue names are)
  100  "my (weird) app)": spaces and ')' in comm; threads 100, 101 (15-byte name), 102; at t1 a
       thread 103 is listed whose files are gone
  200  zombie (Z), empty cmdline
  300  at t0 "oldjob" started at tick 1000; at t1 the PID is reused by "newjob" started at 5000
  400  listed, files gone (vanished between listing and reading)
  500  truncated stat line
  600  two threads, no CPU time between t0 and t1: its task directory need not be read at t1
  700  smaps_rollup with known values
  800  smaps_rollup that cannot be read (a directory)
cgroup files: 1 in init.scope (no app), 100 in a GNOME app scope, 700 in a docker container.
io files: 100 reads 1,000,000 and writes 2,048 bytes between t0 and t1; 600's io is malformed.
diskstats: sda reads 2,000 sectors and writes 4,000 between t0 and t1; its partition sda1, a loop
and a dm device move too and must not count.
"""
import os
import shutil

FIELDS = 52


def stat(pid, comm, state, ppid, flags=4194560, utime=0, stime=0, threads=1, start=100, rss=0, cpu=0):
    f = [0] * (FIELDS + 1)  # 1-based
    f[1], f[2], f[3], f[4] = pid, "(" + comm + ")", state, ppid
    f[5], f[6], f[7], f[8] = pid, pid, 0, -1
    f[9], f[14], f[15] = flags, utime, stime
    f[18], f[19], f[20], f[21] = 20, 0, threads, 0
    f[22], f[23], f[24], f[25] = start, rss * 4096 * 3, rss, 18446744073709551615
    f[38], f[39] = 17, cpu
    return " ".join(str(x) for x in f[1:]) + "\n"


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as fh:
        fh.write(text)


def keep(d):
    """Makes directory d with only a .keep file in it, so git keeps a directory whose files are gone."""
    write(os.path.join(d, ".keep"), "")


def proc(root, pid, line, cmdline=b"", threads=None):
    d = os.path.join(root, str(pid))
    write(os.path.join(d, "stat"), line)
    write(os.path.join(d, "cmdline"), cmdline, "wb")
    for tid, tline in (threads or {pid: line}).items():
        if tline is None:
            keep(os.path.join(d, "task", str(tid)))
        else:
            write(os.path.join(d, "task", str(tid), "stat"), tline)


ROLLUP = """00400000-7ffc1c5f2000 ---p 00000000 00:00 0                          [rollup]
Rss:                5000 kB
Pss:                3000 kB
Pss_Anon:           2000 kB
Shared_Clean:       1500 kB
Shared_Dirty:        500 kB
Private_Clean:      1000 kB
Private_Dirty:      2000 kB
Referenced:         5000 kB
Anonymous:          2000 kB
Swap:                100 kB
SwapPss:             100 kB
"""

MEMINFO = """MemTotal:        8000000 kB
MemFree:         1000000 kB
MemAvailable:    6000000 kB
Buffers:          100000 kB
Cached:          2000000 kB
SwapTotal:       1000000 kB
SwapFree:         900000 kB
"""

CPUINFO = "".join(f"processor\t: {i}\nmodel name\t: Fixture CPU @ 1.00GHz\ncore id\t\t: {i}\n\n" for i in range(2))


def tree(root, t1):
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    if not t1:
        cpu0, cpu1 = "1000 0 500 8000 500", "1000 0 500 8000 500"
    else:
        cpu0, cpu1 = "1030 0 520 8040 510", "1090 0 500 8010 500"
    write(os.path.join(root, "stat"),
          "cpu  %s 0 0 0 0 0\ncpu0 %s 0 0 0 0 0\ncpu1 %s 0 0 0 0 0\nintr 12 0 0\nctxt 100\n"
          "btime 1700000000\nprocesses 900\nprocs_running 1\nprocs_blocked 0\n" % ("2000 0 1000 16000 1000", cpu0, cpu1))
    write(os.path.join(root, "meminfo"), MEMINFO)
    write(os.path.join(root, "cpuinfo"), CPUINFO)
    write(os.path.join(root, "uptime"), "12345.67 20000.00\n")
    k = 1 if t1 else 0
    write(os.path.join(root, "diskstats"),
          "   7       0 loop0 10 0 %d 0 0 0 %d 0 0 0 0 0 0 0 0 0 0\n"
          "   8       0 sda 100 0 %d 50 40 0 %d 30 0 60 80 0 0 0 0 0 0\n"
          "   8       1 sda1 90 0 %d 50 40 0 %d 30 0 60 80 0 0 0 0 0 0\n"
          " 253       0 dm-0 90 0 %d 50 40 0 %d 30 0 60 80 0 0 0 0 0 0\n"
          % (100 + 500 * k, 7 * k, 1000 + 2000 * k, 500 + 4000 * k, 900 + 1900 * k, 400 + 3900 * k,
             900 + 1900 * k, 400 + 3900 * k))

    proc(root, 1, stat(1, "systemd", "S", 0, utime=110 if t1 else 100, stime=50, start=1, rss=3000),
         b"/sbin/init\0splash\0")
    write(os.path.join(root, "1", "cgroup"), "0::/init.scope\n")
    proc(root, 2, stat(2, "kthreadd", "S", 0, flags=0x208040, start=2, cpu=1))
    proc(root, 10, stat(10, "kworker/0:1-events", "I", 2, flags=0x4208060, start=30))

    main = stat(100, "my (weird) app)", "S", 1, utime=310 if t1 else 300, stime=100, start=500, rss=5000, cpu=1)
    threads = {
        100: main,
        101: stat(101, "worker-name-15b", "R", 1, utime=650 if t1 else 600, stime=50, start=510, cpu=0),
        102: stat(102, "io thread", "S", 1, utime=100, stime=50, start=520, cpu=1),
    }
    if t1:
        threads[103] = None
    proc(root, 100, stat(100, "my (weird) app)", "S", 1, utime=1060 if t1 else 1000, stime=200,
                         threads=4 if t1 else 3, start=500, rss=5000, cpu=1),
         b"/opt/my app/bin\0--flag\0", threads)
    write(os.path.join(root, "100", "cgroup"),
          "0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-org.example.Weird-100.scope\n")
    write(os.path.join(root, "100", "io"), "rchar: 9000000\nwchar: 9000\nsyscr: 10\nsyscw: 3\n"
          "read_bytes: %d\nwrite_bytes: %d\ncancelled_write_bytes: 0\n" % (4096 + 1000000 * k, 2048 * k))

    proc(root, 200, stat(200, "defunct", "Z", 100, flags=4227084, start=900))
    if t1:
        proc(root, 300, stat(300, "newjob", "R", 1, utime=800, start=5000, rss=100), b"newjob\0--fresh\0")
    else:
        proc(root, 300, stat(300, "oldjob", "S", 1, utime=500, start=1000, rss=100), b"oldjob\0")
    keep(os.path.join(root, "400"))
    write(os.path.join(root, "500", "stat"), "500 (trunc) S 1 500 500 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 1200 1000")
    pool = stat(600, "idle-pool", "S", 1, utime=40, stime=10, threads=2, start=1500, rss=200)
    proc(root, 600, pool, b"idle-pool\0", {
        600: stat(600, "idle-pool", "S", 1, utime=30, stime=5, start=1500),
        601: stat(601, "pool-worker", "S", 1, utime=10, stime=5, start=1510, cpu=1),
    })
    proc(root, 700, stat(700, "memhog", "S", 1, start=2000, rss=1250), b"memhog\0")
    write(os.path.join(root, "700", "smaps_rollup"), ROLLUP)
    write(os.path.join(root, "700", "cgroup"),
          "0::/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope\n")
    write(os.path.join(root, "600", "io"), "read_bytes: lots\nwrite_bytes: 1\n")
    proc(root, 800, stat(800, "secret", "S", 1, start=2100, rss=10), b"secret\0")
    keep(os.path.join(root, "800", "smaps_rollup"))


tree("proc-t0", False)
tree("proc-t1", True)
