package inspect

import (
	"bytes"
	"strings"
)

// The app of a process comes from the cgroup it lives in. Desktops launch every app into its own
// systemd unit (a transient scope, or a service when D-Bus or a .desktop file with
// DBusActivatable starts it), flatpak and snap do the same with their own names, and container
// runtimes give each container a cgroup named after its ID. /proc/PID/cgroup names that cgroup.
//
// The sampler reads the file only when it meets a task for the first time (keyed by PID and
// start time): a process is almost never moved to another cgroup after it starts, and reading one
// more file per process per sample would cost more than the rare move is worth. A process that
// is moved keeps its first app until it ends.

// desktopLaunchers are the launcher names systemd's naming convention allows between "app-" and
// the application ID (app[-<launcher>]-<ApplicationID>[-<RANDOM>].scope).
var desktopLaunchers = map[string]bool{
	"gnome": true, "kde": true, "flatpak": true, "xfce": true, "lxqt": true, "cinnamon": true,
	"mate": true, "budgie": true, "sway": true, "hyprland": true, "niri": true, "cosmic": true,
	"systemd": true, "uwsm": true, "snap": true, "mir": true, "wayfire": true,
}

// containerPrefixes are what runtimes put before a container's 64-hex-digit ID in a cgroup name.
var containerPrefixes = []string{"docker-", "libpod-conmon-", "libpod-", "cri-containerd-", "crio-conmon-",
	"crio-", "containerd-", "podman-", "lxc-", ""}

// ParseCgroupApp returns the app a process belongs to, from the bytes of its /proc/PID/cgroup.
// Under cgroup v2 the file has one line, "0::/path"; under the hybrid and legacy layouts it has one
// line per hierarchy, and the unified line, then systemd's own ("name=systemd"), then the others
// are asked in that order. What it returns:
//
//   - a desktop app's application ID: "app-gnome-org.gnome.Calculator-4242.scope",
//     "app-org.gnome.Terminal@1.service", "app-flatpak-org.gimp.GIMP-77.scope" and a terminal tab's
//     scope inside "app-org.gnome.Terminal.slice" give org.gnome.Calculator, org.gnome.Terminal,
//     org.gimp.GIMP and org.gnome.Terminal;
//   - a snap's name: "snap.firefox.firefox-<uuid>.scope" gives firefox;
//   - a container, named by the first 12 digits of its ID as docker and podman print it:
//     "container 3f2a1b0c9d8e" (docker, podman, containerd, CRI-O, Kubernetes pods). A container
//     wins over anything nested in it, so a service inside a container is that container;
//   - a service, named whole: "cups.service", "pipewire.service", "getty@tty1.service";
//   - "" for everything else: the root cgroup, init.scope, login sessions (session-N.scope),
//     the user manager and what runs directly in it (user@UID.service), plain slices, scopes made by
//     systemd-run under a random name (run-u12.scope), and unreadable or malformed text.
func ParseCgroupApp(b []byte) string {
	var unified, named, other string
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		// hierarchy-ID:controller-list:cgroup-path; the path may itself hold ':'.
		first := bytes.IndexByte(line, ':')
		if first < 0 {
			continue
		}
		second := bytes.IndexByte(line[first+1:], ':')
		if second < 0 {
			continue
		}
		id, controllers := line[:first], line[first+1:first+1+second]
		path := string(line[first+2+second:])
		switch {
		case string(id) == "0" && len(controllers) == 0:
			unified = path
		case string(controllers) == "name=systemd":
			named = path
		case other == "" && path != "/":
			other = path
		}
	}
	for _, p := range [...]string{unified, named, other} {
		if app := appOfPath(p); app != "" {
			return cleanApp(app)
		}
	}
	return ""
}

// appOfPath classifies one cgroup path, as ParseCgroupApp describes.
func appOfPath(path string) string {
	if path == "" || path[0] != '/' {
		return ""
	}
	parts := strings.Split(path[1:], "/")
	for _, c := range parts {
		if id := containerID(c); id != "" {
			return "container " + id
		}
	}
	// The deepest unit that names an app wins; what is left of a session or the user manager
	// stops the walk, since the units above it (user.slice) say nothing about the process.
	for i := len(parts) - 1; i >= 0; i-- {
		c := parts[i]
		switch {
		case c == "init.scope" || strings.HasPrefix(c, "session-") && strings.HasSuffix(c, ".scope"):
			return ""
		case strings.HasPrefix(c, "user@") && strings.HasSuffix(c, ".service"):
			return ""
		}
		if app := appOfUnit(c); app != "" {
			return app
		}
	}
	return ""
}

// containerID returns the 12-digit short ID of a cgroup directory named after a container, or "".
func containerID(c string) string {
	c = strings.TrimSuffix(c, ".scope")
	for _, p := range containerPrefixes {
		if !strings.HasPrefix(c, p) {
			continue
		}
		id := c[len(p):]
		if len(id) == 64 && isHex(id) {
			return id[:12]
		}
	}
	return ""
}

// isHex reports whether s is all lower-case hexadecimal digits.
func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// appOfUnit returns the app a single systemd unit name stands for, or "".
func appOfUnit(c string) string {
	base, kind, ok := cutUnitSuffix(c)
	if !ok {
		return ""
	}
	switch {
	case strings.HasPrefix(base, "app-"):
		return desktopAppID(base[len("app-"):], kind)
	case strings.HasPrefix(base, "snap.") && kind != "slice":
		// snap.<snap>.<app>-<uuid>.scope, or snap.<snap>.<app>.service for a snap's daemon.
		name, _, _ := strings.Cut(base[len("snap."):], ".")
		return unescapeUnit(name)
	case strings.HasPrefix(base, "dbus-:") && kind == "service":
		// What D-Bus activates inside an app-dbus… slice: dbus-:1.2-org.gnome.Foo@0.service.
		return desktopAppID(base, kind)
	case strings.HasPrefix(base, "flatpak-") && kind == "scope":
		// Flatpak before it followed the app- convention: flatpak-<ID>-<pid>.scope.
		return desktopAppID(base, kind)
	case kind == "service":
		return unescapeUnit(c)
	}
	return ""
}

// cutUnitSuffix splits a unit name into its base and type, for the types that hold processes
// (and slices, under which a desktop groups an app's scopes).
func cutUnitSuffix(c string) (base, kind string, ok bool) {
	for _, k := range [...]string{"scope", "service", "slice"} {
		if b, found := strings.CutSuffix(c, "."+k); found && b != "" {
			return b, k, true
		}
	}
	return "", "", false
}

// desktopAppID takes what follows "app-" in a unit name, of the given type, and returns the
// application ID: without the launcher in front, the random part behind ("-4242" of a scope,
// "@1" of a service) and systemd's escapes.
func desktopAppID(rest, kind string) string {
	if kind == "service" {
		rest, _, _ = strings.Cut(rest, "@")
	}
	fields := strings.Split(rest, "-")
	if kind == "scope" && len(fields) > 1 {
		fields = fields[:len(fields)-1]
	}
	if len(fields) > 1 && desktopLaunchers[fields[0]] {
		fields = fields[1:]
	}
	id := unescapeUnit(strings.Join(fields, "-"))
	// A D-Bus activated app: app-dbus\x2d:1.2\x2dorg.gnome.Foo.slice names the bus, then the ID.
	if strings.HasPrefix(id, "dbus-:") {
		_, id, _ = strings.Cut(id[len("dbus-:"):], "-")
	}
	return id
}

// unescapeUnit undoes systemd's \xNN escapes in a unit name (a '-' in an application ID is
// written \x2d, since a plain '-' separates the parts of the name).
func unescapeUnit(s string) string {
	if !strings.Contains(s, `\x`) {
		return s
	}
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) && s[i+1] == 'x' && isHexAny(s[i+2]) && isHexAny(s[i+3]) {
			// A control character or a slash is left escaped: it would garble a table cell or a path.
			if c := unhex(s[i+2])<<4 | unhex(s[i+3]); c >= 0x20 && c != 0x7f && c != '/' {
				out.WriteByte(c)
				i += 3
				continue
			}
		}
		out.WriteByte(s[i])
	}
	return strings.ToValidUTF8(out.String(), "\uFFFD")
}

func isHexAny(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// cleanApp replaces control characters, which no real unit name holds but a cgroup directory
// may, so an app name never breaks a table row or a line of output.
func cleanApp(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}
