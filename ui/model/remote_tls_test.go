package model

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/serve"
)

// selfSigned writes a self-signed certificate for 127.0.0.1 and its key as PEM files in dir.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "taskscope test agent"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// TestRemoteCAFile runs the agent in its own TLS mode with a self-signed certificate: a Remote
// that trusts only the system's CAs is refused with a certificate error, one given the
// certificate as --ca-file gets snapshots; bad CA files and an http:// URL are refused.
func TestRemoteCAFile(t *testing.T) {
	dir := t.TempDir()
	cert, key := selfSigned(t, dir)
	a := startAgent(t, "127.0.0.1:0", serve.Config{Interval: 50 * time.Millisecond, Token: "tok", TLSCert: cert, TLSKey: key})
	url := "https://" + a.addr
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	system, err := NewRemoteCA(url, "tok", "")
	if err != nil {
		t.Fatal(err)
	}
	system.client.MinBackoff, system.client.MaxBackoff = 100*time.Millisecond, 200*time.Millisecond
	system.Start(ctx)
	waitUntil(t, "a refusal of the unknown certificate", func() bool {
		st := system.Status()
		return st.Err != nil
	})
	if st := system.Status(); st.Connected || !strings.Contains(st.Err.Error(), "certificate") {
		t.Errorf("system CAs only: status %+v, want a certificate error", st)
	}

	r, err := NewRemoteCA(url, "tok", cert)
	if err != nil {
		t.Fatal(err)
	}
	r.client.MinBackoff, r.client.MaxBackoff = 100*time.Millisecond, 200*time.Millisecond
	r.Start(ctx)
	waitUntil(t, "a snapshot over TLS", func() bool {
		s, err := r.Sample()
		return err == nil && len(s.Processes) > 0
	})
	if st := r.Status(); !st.Connected || st.Interval != 50*time.Millisecond {
		t.Errorf("with --ca-file: status %+v, want connected at the agent's 50 ms", st)
	}

	garbage := filepath.Join(dir, "garbage.pem")
	os.WriteFile(garbage, []byte("not a certificate\n"), 0o600)
	for _, c := range []struct{ url, ca, want string }{
		{url, garbage, "no PEM certificate"},
		{url, filepath.Join(dir, "missing.pem"), "no such file"},
		{"http://" + a.addr, cert, "https://"},
	} {
		_, err := NewRemoteCA(c.url, "tok", c.ca)
		if !errors.Is(err, ErrCAFile) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewRemoteCA(%s, %s): %v, want ErrCAFile saying %q", c.url, c.ca, err, c.want)
		}
	}
}
