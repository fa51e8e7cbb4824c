package verify

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"
)

// pushFake is a small stateful fake of Verify webhooks and Notify
// credentials for this package's tests (the project's mock, in
// internal/mockverify, models them independently). It serves pages of
// pageSize items, whatever PageSize asks, so that listings span pages.
type pushFake struct {
	srv      *httptest.Server
	pageSize int

	mu          sync.Mutex
	webhooks    []map[string]any
	credentials []map[string]any
	forms       []url.Values // every POST body, in order
	// dropCreates answers this many creates by closing the connection
	// after applying them.
	dropCreates int
	// dropUnapplied answers this many creates by closing the connection
	// without applying them.
	dropUnapplied int
	// echoErrors answers every POST with a 400 whose message echoes the body.
	echoErrors bool
}

func newPushFake(t *testing.T) *pushFake {
	t.Helper()
	f := &pushFake{pageSize: 2}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v2/Services/{svc}/Webhooks", f.create(&f.webhooks, "YW"))
	mux.HandleFunc("GET /v2/Services/{svc}/Webhooks", f.list(&f.webhooks, "webhooks"))
	mux.HandleFunc("/v2/Services/{svc}/Webhooks/{sid}", f.item(&f.webhooks))
	mux.HandleFunc("POST /v1/Credentials", f.create(&f.credentials, "CR"))
	mux.HandleFunc("GET /v1/Credentials", f.list(&f.credentials, "credentials"))
	mux.HandleFunc("/v1/Credentials/{sid}", f.item(&f.credentials))
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *pushFake) client(t *testing.T) *Client {
	t.Helper()
	c, err := New(Config{AccountSID: testAccountSID, AuthToken: testAuthToken, BaseURL: f.srv.URL,
		MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// apply sets the form's values on obj under their JSON names.
func apply(obj map[string]any, form url.Values) {
	names := map[string]string{"FriendlyName": "friendly_name", "WebhookUrl": "webhook_url", "Status": "status",
		"Version": "version", "Type": "type", "Sandbox": "sandbox"}
	for k, v := range form {
		if name, ok := names[k]; ok {
			obj[name] = v[0]
		}
	}
	if types, ok := form["EventTypes"]; ok {
		obj["event_types"] = types
	}
	obj["date_updated"] = time.Now().UTC().Format(time.RFC3339)
}

func (f *pushFake) create(store *[]map[string]any, prefix string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		f.mu.Lock()
		f.forms = append(f.forms, r.PostForm)
		if f.dropUnapplied > 0 {
			f.dropUnapplied--
			f.mu.Unlock()
			panic(http.ErrAbortHandler)
		}
		if f.echoErrors {
			f.mu.Unlock()
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(map[string]any{"code": 60200, "status": 400, "message": "Invalid parameter: " + r.PostForm.Encode()})
			return
		}
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		obj := map[string]any{"sid": prefix + hex.EncodeToString(b), "account_sid": testAccountSID,
			"date_created": time.Now().UTC().Format(time.RFC3339), "status": "enabled", "version": "v2", "webhook_method": "POST"}
		if svc := r.PathValue("svc"); svc != "" {
			obj["service_sid"] = svc
		}
		apply(obj, r.PostForm)
		*store = append(*store, obj)
		drop := f.dropCreates > 0
		f.dropCreates--
		f.mu.Unlock()
		if drop {
			panic(http.ErrAbortHandler)
		}
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(obj)
	}
}

func (f *pushFake) list(store *[]map[string]any, key string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		page, _ := strconv.Atoi(r.URL.Query().Get("Page"))
		start := min(page*f.pageSize, len(*store))
		end := min(start+f.pageSize, len(*store))
		var next any
		if end < len(*store) {
			next = "http://" + r.Host + r.URL.Path + "?PageSize=1000&Page=" + strconv.Itoa(page+1)
		}
		items := append([]map[string]any{}, (*store)[start:end]...)
		_ = json.NewEncoder(w).Encode(map[string]any{key: items, "meta": map[string]any{"key": key, "next_page_url": next}})
	}
}

func (f *pushFake) item(store *[]map[string]any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		f.mu.Lock()
		defer f.mu.Unlock()
		for i, obj := range *store {
			if obj["sid"] != r.PathValue("sid") {
				continue
			}
			switch r.Method {
			case http.MethodDelete:
				*store = append((*store)[:i], (*store)[i+1:]...)
				w.WriteHeader(http.StatusNoContent)
			case http.MethodPost:
				f.forms = append(f.forms, r.PostForm)
				apply(obj, r.PostForm)
				_ = json.NewEncoder(w).Encode(obj)
			default:
				_ = json.NewEncoder(w).Encode(obj)
			}
			return
		}
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"code":20404,"message":"The requested resource was not found","status":404}`))
	}
}
