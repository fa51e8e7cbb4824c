package mockverify_test

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // Twilio's webhook signature is HMAC-SHA1
	"encoding/base64"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// validTwilioSignature checks X-Twilio-Signature the way Twilio documents
// it: base64 of the HMAC-SHA1, keyed with the account's auth token, of the
// full URL the request was sent to followed by every POST parameter's name
// and value, sorted by name. A receiver checks the mock's events exactly
// as it checks Twilio's.
func validTwilioSignature(authToken, fullURL string, form url.Values, signature string) bool {
	names := make([]string, 0, len(form))
	for name := range form {
		names = append(names, name)
	}
	sort.Strings(names)
	data := fullURL
	for _, name := range names {
		for _, value := range form[name] {
			data += name + value
		}
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(data))
	got, err := base64.StdEncoding.DecodeString(signature)
	return err == nil && hmac.Equal(got, mac.Sum(nil))
}

// An app backend receives the mock's Verify events and checks their
// signature before trusting them.
func Example_webhookSignature() {
	const (
		accountSID = "AC0123456789abcdef0123456789abcdef"
		authToken  = "the-account-auth-token"
	)
	mock := mockverify.New(mockverify.Options{Accounts: []mockverify.Account{{SID: accountSID, AuthToken: authToken}}})
	defer mock.Close()
	api := httptest.NewServer(mock)
	defer api.Close()

	events := make(chan string, 1)
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		// The URL exactly as configured on the webhook, query included.
		fullURL := "http://" + r.Host + r.URL.RequestURI()
		if !validTwilioSignature(authToken, fullURL, r.PostForm, r.Header.Get("X-Twilio-Signature")) {
			http.Error(w, "invalid signature", http.StatusForbidden)
			events <- "rejected an event with an invalid signature"
			return
		}
		events <- r.PostForm.Get("type") + " of " + r.PostForm.Get("entity_identity") + ", signature valid"
	}))
	defer backend.Close()

	post := func(path string, form url.Values) {
		req, err := http.NewRequest(http.MethodPost, api.URL+path, strings.NewReader(form.Encode()))
		if err != nil {
			log.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(accountSID, authToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		_ = resp.Body.Close()
	}
	svc, err := mock.CreateService(accountSID, mockverify.ServiceParams{FriendlyName: "Example"})
	if err != nil {
		log.Fatal(err)
	}
	post("/v2/Services/"+svc.SID+"/Webhooks", url.Values{
		"FriendlyName": {"backend"}, "EventTypes": {"factor.created"}, "WebhookUrl": {backend.URL + "/twilio/events?env=test"},
	})
	post("/v2/Services/"+svc.SID+"/Entities/user-0001/Factors", url.Values{"FriendlyName": {"Phone"}, "FactorType": {"totp"}})
	fmt.Println(<-events)
	// Output: factor.created of user-0001, signature valid
}
