package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
	"github.com/verifyfactors/terraform-provider-twilio/internal/verifytest"
)

// TestAccPushPlanShowsOnlyWhatIsSet reads a push factor's plan as a user
// does. A token that was not set (platform "none") is absent from the plan,
// not "(sensitive value)"; a token that is set shows as "(sensitive value)"
// and its value appears nowhere, since it identifies a person's device.
func TestAccPushPlanShowsOnlyWhatIsSet(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	e.requireMock()
	key := verifytest.NewDeviceKey(t)
	pushFactor := func(name, platform, token string) string {
		return pushFactorConfig{name: name, serviceSID: e.serviceSID, identity: randomIdentity(name), publicKey: key.PublicKey,
			platform: platform, token: token}.hcl()
	}
	token := "fcm-" + strings.Repeat("0123456789", 4)
	files := map[string]string{"main.tf": e.providerBlock("") +
		pushFactor("polling", "none", "") + pushFactor("notified", "fcm", token)}
	r := newCLIRun(t, files, e.cliEnv()...)
	plan := r.run("plan", "-input=false", "-no-color")

	polling, notified, ok := strings.Cut(plan, "twilio_verify_factor.polling will be created")
	if !ok {
		t.Fatalf("no plan for the polling factor:\n%s", plan)
	}
	if i := strings.Index(polling, "twilio_verify_factor.notified will be created"); i >= 0 {
		polling, notified = notified, polling[i:]
	}
	polling, _, _ = strings.Cut(polling, "twilio_verify_factor.notified will be created")
	if strings.Contains(polling, "notification_token") {
		t.Errorf("the polling factor's plan mentions notification_token, which is not set:\n%s", polling)
	}
	if !regexp.MustCompile(`notification_token\s+= \(sensitive value\)`).MatchString(notified) {
		t.Errorf("the notified factor's plan does not show its token as a sensitive value:\n%s", notified)
	}
	if strings.Contains(plan, token) {
		t.Errorf("the plan shows the device's notification token:\n%s", plan)
	}
}
