#!/usr/bin/env python3
"""Writes the fixture trees gpu/t0 and gpu/t1 (one second apart), each a proc and a sys root, used
by the GPU tests. Run from inspect/testdata: python3 mkgpu.py. What each PID stands for:
  4242 "compositor": fd 5 is a card node (client 10), fds 6 and 7 a render node opened once and
       dup'ed (both client 11, to be counted once); fd 3 is /dev/null; on Intel at 0000:00:02.0
       render busy 250 ms and video busy 600 ms between t0 and t1; 1 MiB + 4 MiB of memory
  4300 "plain": no GPU device open
  4400 "blitter": an amdgpu client with no drm-pdev, so the GPU is named by its driver; its
       engine of capacity 2 is busy 1 s of the 1 s (50%)
sys lists one card and one render node and the PCI IDs of 0000:00:02.0.
"""
import os
import shutil


def stat(pid, comm, start):
    f = [0] * 53
    f[1], f[2], f[3], f[4] = pid, "(" + comm + ")", "S", 1
    f[8], f[9], f[18], f[20], f[22], f[24] = -1, 4194560, 20, 1, start, 100
    return " ".join(str(x) for x in f[1:]) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        fh.write(text)


def link(path, target):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.symlink(target, path)


def proc(root, pid, comm, start):
    write(os.path.join(root, str(pid), "stat"), stat(pid, comm, start))
    write(os.path.join(root, str(pid), "task", str(pid), "stat"), stat(pid, comm, start))
    write(os.path.join(root, str(pid), "cmdline"), comm)


def tree(base, k):
    shutil.rmtree(base, ignore_errors=True)
    p, s = os.path.join(base, "proc"), os.path.join(base, "sys")
    write(os.path.join(p, "stat"), "cpu  1 0 1 1 0 0 0 0\ncpu0 1 0 1 1 0 0 0 0\nbtime 1700000000\n")
    write(os.path.join(p, "meminfo"), "MemTotal: 1000 kB\nMemAvailable: 500 kB\n")
    write(os.path.join(p, "uptime"), "100.00 100.00\n")
    proc(p, 4242, "compositor", 500)
    link(os.path.join(p, "4242", "fd", "3"), "/dev/null")
    link(os.path.join(p, "4242", "fd", "5"), "/dev/dri/card0")
    link(os.path.join(p, "4242", "fd", "6"), "/dev/dri/renderD128")
    link(os.path.join(p, "4242", "fd", "7"), "/dev/dri/renderD128")
    write(os.path.join(p, "4242", "fdinfo", "3"), "pos:\t0\nflags:\t02\nmnt_id:\t20\nino:\t5\n")
    write(os.path.join(p, "4242", "fdinfo", "5"),
          "pos:\t0\nflags:\t02100002\ndrm-driver:\ti915\ndrm-pdev:\t0000:00:02.0\ndrm-client-id:\t10\n"
          "drm-engine-render:\t%d ns\ndrm-engine-video:\t0 ns\ndrm-total-system:\t1024 KiB\n"
          % (1000000000 + 250000000 * k))
    for fd in ("6", "7"):
        write(os.path.join(p, "4242", "fdinfo", fd),
              "pos:\t0\ndrm-driver:\ti915\ndrm-pdev:\t0000:00:02.0\ndrm-client-id:\t11\n"
              "drm-engine-render:\t0 ns\ndrm-engine-video:\t%d ns\ndrm-memory-vram:\t2 MiB\n"
              "drm-total-vram:\t4096 KiB\n" % (500000000 + 600000000 * k))
    proc(p, 4300, "plain", 600)
    link(os.path.join(p, "4300", "fd", "0"), "/dev/null")
    proc(p, 4400, "blitter", 700)
    link(os.path.join(p, "4400", "fd", "9"), "/dev/dri/renderD129")
    write(os.path.join(p, "4400", "fdinfo", "9"),
          "drm-driver:\tamdgpu\ndrm-client-id:\t3\ndrm-engine-gfx:\t%d ns\ndrm-engine-capacity-gfx:\t2\n"
          "drm-memory-vram:\t8 MiB\n" % (1000000000 * k))
    # Each node gets its dev file (major:minor), as in sysfs: git keeps no empty directory.
    write(os.path.join(s, "class", "drm", "card0", "dev"), "226:0\n")
    write(os.path.join(s, "class", "drm", "renderD128", "dev"), "226:128\n")
    write(os.path.join(s, "bus", "pci", "devices", "0000:00:02.0", "vendor"), "0x8086\n")
    write(os.path.join(s, "bus", "pci", "devices", "0000:00:02.0", "device"), "0x46a6\n")


tree(os.path.join("gpu", "t0"), 0)
tree(os.path.join("gpu", "t1"), 1)
