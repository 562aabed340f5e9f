package model

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
)

// ErrCAFile is wrapped by the errors of a --ca-file that cannot be used.
var ErrCAFile = errors.New("--ca-file")

// CAPool reads the PEM file at path (one or more certificates) into a pool that trusts those
// certificates and nothing else: an agent with a self-signed certificate is trusted by naming
// it, without trusting it for anything beyond this connection.
func CAPool(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCAFile, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%w: %s holds no PEM certificate", ErrCAFile, path)
	}
	return pool, nil
}

// NewRemoteCA is NewRemote for an https:// agent whose certificate is signed by a CA in the PEM
// file caFile (the agent's own certificate, when self-signed) instead of the system's CAs; caFile
// "" is NewRemote. An http:// URL with a CA file is refused: the file would protect nothing.
func NewRemoteCA(url, token, caFile string) (*Remote, error) {
	r, err := NewRemote(url, token)
	if err != nil || caFile == "" {
		return r, err
	}
	if !strings.HasPrefix(strings.ToLower(url), "https://") {
		return nil, fmt.Errorf("%w goes with an https:// agent URL, not %s", ErrCAFile, url)
	}
	pool, err := CAPool(caFile)
	if err != nil {
		return nil, err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	// No timeout on the client: a stream is long (the client's own silence check ends a dead one).
	r.client.HTTP = &http.Client{Transport: tr}
	return r, nil
}
