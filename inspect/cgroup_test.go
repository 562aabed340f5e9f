package inspect

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseCgroupApp(t *testing.T) {
	const id = "3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a"
	const user = "0::/user.slice/user-1000.slice/user@1000.service/"
	cases := []struct{ name, in, want string }{
		{"gnome scope", user + "app.slice/app-gnome-org.gnome.Calculator-4242.scope\n", "org.gnome.Calculator"},
		{"dbus service", user + "app.slice/app-org.gnome.Terminal@1.service\n", "org.gnome.Terminal"},
		{"service without instance", user + "app.slice/app-org.gnome.Nautilus.service\n", "org.gnome.Nautilus"},
		{"terminal tab in app slice", user + "app.slice/app-org.gnome.Terminal.slice/vte-spawn-5b1c.scope\n", "org.gnome.Terminal"},
		{"no launcher", user + "app.slice/app-firefox-1234.scope\n", "firefox"},
		{"escaped dash", user + `app.slice/app-gnome-xdg\x2duser\x2ddirs-2001.scope` + "\n", "xdg-user-dirs"},
		{"escaped control stays", user + `app.slice/app-a\x0ab-1.scope` + "\n", `a\x0ab`},
		{"dbus activated", user + `app.slice/app-dbus\x2d:1.2\x2dorg.gnome.OnlineAccounts.slice/dbus-:1.2-org.gnome.OnlineAccounts@0.service` + "\n", "org.gnome.OnlineAccounts"},
		{"flatpak", user + "app.slice/app-flatpak-org.gimp.GIMP-77.scope\n", "org.gimp.GIMP"},
		{"old flatpak", user + "app.slice/flatpak-org.gimp.GIMP-77.scope\n", "org.gimp.GIMP"},
		{"snap", user + "app.slice/snap.firefox.firefox-2f6a0f4e-1b2c-4d5e-8f90-123456789abc.scope\n", "firefox"},
		{"snap daemon", "0::/system.slice/snap.lxd.daemon.service\n", "lxd"},
		{"user service", user + "session.slice/pipewire.service\n", "pipewire.service"},
		{"system service", "0::/system.slice/cups.service\n", "cups.service"},
		{"template service", "0::/system.slice/system-getty.slice/getty@tty1.service\n", "getty@tty1.service"},
		{"docker v2", "0::/system.slice/docker-" + id + ".scope\n", "container 3f2a1b0c9d8e"},
		{"podman", "0::/machine.slice/libpod-" + id + ".scope/container\n", "container 3f2a1b0c9d8e"},
		{"podman conmon", "0::/machine.slice/libpod-conmon-" + id + ".scope\n", "container 3f2a1b0c9d8e"},
		{"kubernetes containerd", "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-" + id + ".scope\n", "container 3f2a1b0c9d8e"},
		{"service inside container", "0::/system.slice/docker-" + id + ".scope/system.slice/nginx.service\n", "container 3f2a1b0c9d8e"},
		{"docker v1 hybrid", "12:memory:/docker/" + id + "\n1:name=systemd:/docker/" + id + "\n0::/\n", "container 3f2a1b0c9d8e"},
		{"hybrid systemd line", "9:name=systemd:/system.slice/cups.service\n4:memory:/system.slice/cups.service\n0::/\n", "cups.service"},
		{"legacy only", "4:memory:/system.slice/cron.service\n3:cpuset:/\n", "cron.service"},
		{"unified wins", "1:name=systemd:/system.slice/a.service\n0::/system.slice/b.service\n", "b.service"},
		{"user manager itself", user + "init.scope\n", ""},
		{"user manager", "0::/user.slice/user-1000.slice/user@1000.service\n", ""},
		{"login session", "0::/user.slice/user-1000.slice/session-3.scope\n", ""},
		{"pid 1", "0::/init.scope\n", ""},
		{"root", "0::/\n", ""},
		{"systemd-run random", "0::/system.slice/run-u12.scope\n", ""},
		{"plain slice", "0::/system.slice\n", ""},
		{"app slice alone", user + "app.slice\n", ""},
		{"short hex is no container", "4:memory:/process_api/eff4ba503f62cbde3116d63f99c28cb2\n0::/\n", ""},
		{"no newline at end", "0::/system.slice/cups.service", "cups.service"},
		{"colon in path", "0::/system.slice/a:b.service\n", "a:b.service"},
		{"empty", "", ""},
		{"garbage", "nonsense\n::\n:\n", ""},
		{"relative path", "0::system.slice/cups.service\n", ""},
		{"deleted cgroup", "0::/system.slice/cups.service (deleted)\n", ""},
		{"bare suffix", "0::/.service\n", ""},
	}
	for _, c := range cases {
		if got := ParseCgroupApp([]byte(c.in)); got != c.want {
			t.Errorf("%s: ParseCgroupApp(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

func FuzzParseCgroupApp(f *testing.F) {
	f.Add([]byte("0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-org.gnome.Calculator-4242.scope\n"))
	f.Add([]byte("9:name=systemd:/docker/3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a\n0::/\n"))
	f.Add([]byte(`0::/app-dbus\x2d:1.2\x2d.slice` + "\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		app := ParseCgroupApp(b)
		if !utf8.ValidString(app) {
			t.Fatalf("app %q is not valid UTF-8", app)
		}
		if strings.ContainsAny(app, "\n\x00/") {
			t.Fatalf("app %q holds a newline, NUL or slash", app)
		}
	})
}
