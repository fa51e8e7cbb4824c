package provider

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/verifyfactors/terraform-provider-twilio/internal/mockverify"
)

// TestAccVerifyFactor_idInProgressLinesAndOldStates checks that the CLI's
// progress lines name the factor (`[id=<service_sid>/<identity>/<sid>]`),
// and that a state written before `id` existed (schema version 0, no id)
// upgrades to an empty plan, with or without a refresh.
func TestAccVerifyFactor_idInProgressLinesAndOldStates(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, mockverify.Options{})
	identity := randomIdentity("idline")
	r := newCLIRun(t, map[string]string{"main.tf": e.config(totpResource(e.serviceSID, identity, "Progress lines", ""))}, e.cliEnv()...)
	id := regexp.QuoteMeta(e.serviceSID+"/"+identity+"/") + `YF[0-9a-f]{32}`

	out := r.run("apply", "-input=false", "-no-color", "-auto-approve")
	if !regexp.MustCompile(`twilio_verify_factor\.test: Creation complete after \S+ \[id=` + id + `\]`).MatchString(out) {
		t.Errorf("the create's progress line does not show the factor's id:\n%s", out)
	}

	// Make the state what an older provider wrote: version 0, no id.
	var state map[string]any
	if err := json.Unmarshal([]byte(r.run("state", "pull")), &state); err != nil {
		t.Fatal(err)
	}
	resources, _ := state["resources"].([]any)
	if len(resources) != 1 {
		t.Fatalf("state has %d resources, want 1", len(resources))
	}
	resourceState, _ := resources[0].(map[string]any)
	instances, _ := resourceState["instances"].([]any)
	if len(instances) != 1 {
		t.Fatalf("the factor has %d instances in state, want 1", len(instances))
	}
	instance, _ := instances[0].(map[string]any)
	attributes, ok := instance["attributes"].(map[string]any)
	serial, isNumber := state["serial"].(float64)
	if !ok || !isNumber {
		t.Fatalf("unexpected state shape: %v", state)
	}
	instance["schema_version"] = 0
	delete(attributes, "id")
	state["serial"] = serial + 1
	old, err := json.Marshal(state)
	if err != nil {
		t.Fatal(err)
	}
	r.writeFile("old.tfstate", string(old))
	r.run("state", "push", "old.tfstate")

	for _, args := range [][]string{{"-refresh=false"}, {}} {
		out, err := r.try(append([]string{"plan", "-input=false", "-no-color", "-detailed-exitcode"}, args...)...)
		if err != nil {
			t.Errorf("plan %v of a state without id is not empty (%v):\n%s", args, err, out)
		}
		if len(args) == 0 && !regexp.MustCompile(`twilio_verify_factor\.test: Refreshing state\.\.\. \[id=`+id+`\]`).MatchString(out) {
			t.Errorf("the refresh line does not show the factor's id:\n%s", out)
		}
	}
	out = r.run("destroy", "-input=false", "-no-color", "-auto-approve")
	if !regexp.MustCompile(`twilio_verify_factor\.test: Destruction complete after \S+`).MatchString(out) ||
		!regexp.MustCompile(`twilio_verify_factor\.test: Destroying\.\.\. \[id=`+id+`\]`).MatchString(out) {
		t.Errorf("the destroy's progress lines do not show the factor's id:\n%s", out)
	}
}
