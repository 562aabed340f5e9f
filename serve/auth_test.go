package serve

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestToken checks that with a token every endpoint answers 401 and nothing else to a request
// without it or with a wrong one, and serves the right one.
func TestToken(t *testing.T) {
	const token = "correct-horse-battery-staple"
	a := start(t, Config{Token: token, Interval: 100 * time.Millisecond})
	for _, path := range []string{"/metrics", "/api/v1/snapshot", "/api/v1/stream", "/api/v1/host", "/", "/nothing-here"} {
		for _, bad := range []string{"", "wrong", token + "x", token[:len(token)-1], strings.ToUpper(token)} {
			code, body := get(t, a.URL+path, bad)
			if code != http.StatusUnauthorized || len(body) != 0 {
				t.Errorf("%s with token %q: %d, %d bytes; want 401 and an empty body", path, bad, code, len(body))
			}
		}
	}
	// Other forms of the header are refused too.
	for _, h := range []string{"Basic " + token, token, "Bearer  " + token, "Bearer" + token, "Bearer " + token + "x"} {
		req, _ := http.NewRequest(http.MethodGet, a.URL+"/metrics", nil)
		req.Header.Set("Authorization", h)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("Authorization %q: %d, want 401", h, resp.StatusCode)
		}
	}
	for _, path := range []string{"/metrics", "/api/v1/snapshot", "/api/v1/host"} {
		if code, body := get(t, a.URL+path, token); code != http.StatusOK || len(body) == 0 {
			t.Errorf("%s with the token: %d, %d bytes", path, code, len(body))
		}
	}
	// The scheme's name is case-insensitive.
	req, _ := http.NewRequest(http.MethodGet, a.URL+"/api/v1/host", nil)
	req.Header.Set("Authorization", "bearer "+token)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("scheme in lower case: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
}

// TestNoTokenNeedsLoopbackName checks the guard of an agent without a token: a request that
// names the host by a DNS name (as a rebound name in a browser would) is refused.
func TestNoTokenNeedsLoopbackName(t *testing.T) {
	a := start(t, Config{})
	req, _ := http.NewRequest(http.MethodGet, a.URL+"/api/v1/host", nil)
	req.Host = "attacker.example:9256"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("Host attacker.example: %d, want 421", resp.StatusCode)
	}
	if code, _ := get(t, a.URL+"/api/v1/host", ""); code != http.StatusOK {
		t.Errorf("by IP: %d", code)
	}
}

// TestTLS serves over TLS with a certificate made here, and reads it with a client that trusts it.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	a := start(t, Config{Token: "tok", TLSCert: certFile, TLSKey: keyFile})
	if !strings.HasPrefix(a.URL, "https://") {
		t.Fatalf("URL %s", a.URL)
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	req, _ := http.NewRequest(http.MethodGet, a.URL+"/api/v1/host", nil)
	req.Header.Set("Authorization", "Bearer tok")
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.TLS == nil {
		t.Errorf("over TLS: %d, TLS %v", resp.StatusCode, resp.TLS != nil)
	}
	// Plain HTTP to a TLS port gets no data.
	if resp, err := http.Get("http://" + a.Addr + "/api/v1/host"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("plain HTTP was served on the TLS port")
		}
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns a pool that trusts it.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "taskscope test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}
