// Command demokit is what `make demo` needs besides Terraform and the mock
// to stand in for the parts of a push deployment that live outside Twilio:
//
//	demokit service-account [-project ID]
//	    prints a throwaway Firebase service-account JSON key file (a fresh
//	    RSA key, a made-up project and client e-mail) of the shape Twilio's
//	    FCM push credentials take. Google would refuse it; the mock does not
//	    call Google.
//	demokit receive -addr HOST:PORT -auth-token TOKEN
//	    runs an app backend's webhook endpoint: it prints
//	    "demokit receiving on http://..." once listening, then one line per
//	    Verify event it receives, after checking X-Twilio-Signature the way
//	    Twilio documents (base64 HMAC-SHA1, keyed with the account's auth
//	    token, over the URL followed by every POST parameter name and value
//	    sorted by name). Unsigned or wrongly signed requests are answered 403.
package main

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // Twilio signs webhooks with HMAC-SHA1; the receiver must check the same.
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		usage(os.Stderr)
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "service-account":
		err = serviceAccount(os.Args[2:], os.Stdout)
	case "receive":
		err = receive(os.Args[2:], os.Stdout)
	case "-h", "-help", "--help", "help":
		usage(os.Stdout)
		return
	default:
		usage(os.Stderr)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "demokit:", err)
		os.Exit(1)
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  demokit service-account [-project ID]             print a throwaway Firebase service-account JSON
  demokit receive -addr HOST:PORT -auth-token TOKEN  receive Verify webhook events and check their signature
`)
}

// serviceAccount prints a throwaway service-account key file.
func serviceAccount(args []string, out io.Writer) error {
	flags := flag.NewFlagSet("service-account", flag.ContinueOnError)
	project := flags.String("project", "acme-demo", "the made-up Firebase project ID")
	if err := flags.Parse(args); err != nil {
		return err
	}
	file, err := newServiceAccount(*project)
	if err != nil {
		return err
	}
	_, err = out.Write(append(file, '\n'))
	return err
}

// newServiceAccount returns a service-account JSON key file for project
// with a fresh 2048-bit RSA key.
func newServiceAccount(project string) ([]byte, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	keyID := make([]byte, 20)
	if _, err := rand.Read(keyID); err != nil {
		return nil, err
	}
	email := "firebase-adminsdk@" + project + ".iam.gserviceaccount.com"
	return json.MarshalIndent(map[string]string{
		"type":                        "service_account",
		"project_id":                  project,
		"private_key_id":              hex.EncodeToString(keyID),
		"private_key":                 string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email":                email,
		"client_id":                   "100000000000000000000",
		"auth_uri":                    "https://accounts.google.com/o/oauth2/auth",
		"token_uri":                   "https://oauth2.googleapis.com/token",
		"auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
		"client_x509_cert_url":        "https://www.googleapis.com/robot/v1/metadata/x509/" + url.PathEscape(email),
	}, "", "  ")
}

// receive serves the webhook endpoint until SIGINT or SIGTERM.
func receive(args []string, out io.Writer) error {
	flags := flag.NewFlagSet("receive", flag.ContinueOnError)
	addr := flags.String("addr", "127.0.0.1:0", "address to listen on")
	authToken := flags.String("auth-token", "", "the account's auth token, which signs the events (required)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *authToken == "" {
		return errors.New("-auth-token is required: it is the key of X-Twilio-Signature")
	}
	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	server := &http.Server{Handler: eventHandler(*authToken, out), ReadHeaderTimeout: 5 * time.Second}
	fmt.Fprintf(out, "demokit receiving on http://%s\n", listener.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = server.Shutdown(shutdown)
	}()
	if err := server.Serve(listener); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// eventHandler answers each signed event 200 and prints it on out; a
// request whose signature does not match gets 403.
func eventHandler(authToken string, out io.Writer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, "not a form", http.StatusBadRequest)
			return
		}
		fullURL := "http://" + r.Host + r.URL.RequestURI()
		if !validSignature(authToken, fullURL, r.PostForm, r.Header.Get("X-Twilio-Signature")) {
			fmt.Fprintf(out, "REFUSED a request to %s: X-Twilio-Signature does not match\n", r.URL.Path)
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		fmt.Fprintf(out, "event %s (signature checked): %s\n", r.PostForm.Get("type"), describe(r.PostForm))
		w.WriteHeader(http.StatusOK)
	})
}

// validSignature reports whether signature is X-Twilio-Signature of a POST
// of form to fullURL, signed with authToken.
func validSignature(authToken, fullURL string, form url.Values, signature string) bool {
	return hmac.Equal([]byte(sign(authToken, fullURL, form)), []byte(signature))
}

// sign computes X-Twilio-Signature as Twilio documents it: base64 of the
// HMAC-SHA1, keyed with authToken, of fullURL followed by every parameter
// name and value, sorted by name.
func sign(authToken, fullURL string, form url.Values) string {
	names := make([]string, 0, len(form))
	for name := range form {
		names = append(names, name)
	}
	sort.Strings(names)
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(fullURL))
	for _, name := range names {
		for _, value := range form[name] {
			mac.Write([]byte(name + value))
		}
	}
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// describe lists an event's parameters, sorted, on one line.
func describe(form url.Values) string {
	names := make([]string, 0, len(form))
	for name := range form {
		if name != "type" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, name := range names {
		parts = append(parts, name+"="+strings.Join(form[name], ","))
	}
	return strings.Join(parts, " ")
}
