#!/usr/bin/env bash
# install-test.sh: checks that Taskscope installs and uninstalls as a desktop app, both ways.
#  1. make install / make uninstall into a scratch root (DESTDIR): the binary, a valid .desktop
#     entry and the icons land where the desktop looks, and uninstall leaves no file behind.
#  2. make deb: the package holds the same, plus the perf-access helper, and grants no
#     capability by itself. As root under CI it is installed for real with apt, then removed.
# Run by `make test`; exits non-zero with one line saying what is wrong.
set -euo pipefail
cd "$(dirname "$0")/.."
make=${MAKE:-make}
fail() { echo "install-test: $*" >&2; exit 1; }
scratch=$(mktemp -d -t taskscope-install.XXXXXX)
trap 'rm -rf "$scratch"' EXIT

id=io.github.taskscope.Taskscope
want=(bin/taskscope share/applications/$id.desktop
	share/icons/hicolor/256x256/apps/$id.png share/icons/hicolor/scalable/apps/$id.svg)

# 1. make install into a scratch root, for everyone (/usr/local) and for one user (~/.local).
for prefix in /usr/local /home/someone/.local; do
	root=$scratch/make
	$make -s install DESTDIR="$root" PREFIX="$prefix" >/dev/null
	for f in "${want[@]}"; do
		[ -f "$root$prefix/$f" ] || fail "make install PREFIX=$prefix: $f is missing"
	done
	[ -x "$root$prefix/bin/taskscope" ] || fail "make install: the binary is not executable"
	n=$(find "$root" -type f | wc -l)
	[ "$n" = "${#want[@]}" ] || fail "make install PREFIX=$prefix put $n files, want exactly ${#want[@]}"
	desktop-file-validate "$root$prefix/share/applications/$id.desktop" || fail "the installed .desktop entry is not valid"
	grep -qx "Exec=$prefix/bin/taskscope" "$root$prefix/share/applications/$id.desktop" ||
		fail "make install PREFIX=$prefix: the entry does not run $prefix/bin/taskscope"
	$make -s uninstall DESTDIR="$root" PREFIX="$prefix" >/dev/null
	left=$(find "$root" -type f)
	[ -z "$left" ] || fail "make uninstall PREFIX=$prefix left: $left"
	rm -rf "$root"
done
echo "install-test: make install and make uninstall (DESTDIR, /usr/local and ~/.local): ok"

# 2. make deb, its contents unpacked into a scratch root.
$make -s deb >/dev/null
deb=$(ls -t bin/taskscope_*_amd64.deb | head -n 1)
dpkg-deb --info "$deb" >/dev/null || fail "$deb is not a Debian package"
dpkg-deb -x "$deb" "$scratch/deb"
for f in "${want[@]}" sbin/taskscope-perf-access share/doc/taskscope/copyright; do
	[ -f "$scratch/deb/usr/$f" ] || fail "$deb lacks /usr/$f"
done
desktop-file-validate "$scratch/deb/usr/share/applications/$id.desktop" || fail "the package's .desktop entry is not valid"
# dpkg cannot carry file capabilities: the perf access is granted only by the admin's command.
echo "install-test: $deb holds the binary, the menu entry, the icons and taskscope-perf-access: ok"

# The real install, as an admin would do it: only as root under CI (it changes the machine).
if [ "$(id -u)" = 0 ] && [ "${CI:-}" = true ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
	[ -x /usr/bin/taskscope ] || fail "apt install: /usr/bin/taskscope is missing"
	desktop-file-validate /usr/share/applications/$id.desktop || fail "apt install: the menu entry is not valid"
	[ -z "$(getcap /usr/bin/taskscope)" ] || fail "apt install granted a capability nobody asked for"
	taskscope-perf-access grant >/dev/null
	getcap /usr/bin/taskscope | grep -q cap_perfmon || fail "taskscope-perf-access grant did not give cap_perfmon"
	taskscope-perf-access revoke >/dev/null
	/usr/bin/taskscope snapshot --json --interval 100ms | python3 -c 'import json,sys; json.load(sys.stdin)' ||
		fail "the installed taskscope snapshot --json did not print JSON"
	DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq taskscope >/dev/null
	for f in /usr/bin/taskscope /usr/sbin/taskscope-perf-access /usr/share/applications/$id.desktop; do
		[ ! -e "$f" ] || fail "apt purge left $f"
	done
	echo "install-test: apt install ./$deb, taskscope-perf-access, apt purge: ok"
fi
