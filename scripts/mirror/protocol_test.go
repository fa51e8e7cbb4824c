package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestPublishVersionKeepsWhatIsThere publishes one platform of 0.1.0, then
// another, then 0.2.0 into the same folder: index.json lists both versions
// and 0.1.0.json both platforms, each with its relative URL and hash.
func TestPublishVersionKeepsWhatIsThere(t *testing.T) {
	folder := t.TempDir()
	steps := []struct {
		version, platform, hash string
	}{
		{"0.1.0", "linux_amd64", "zh:aa"},
		{"0.1.0", "darwin_arm64", "zh:bb"},
		{"0.2.0", "linux_amd64", "zh:cc"},
	}
	for _, step := range steps {
		if err := publishVersion(folder, step.version, map[string][]string{step.platform: {step.hash}}); err != nil {
			t.Fatal(err)
		}
	}
	var versions map[string]map[string]struct{}
	readTestJSON(t, filepath.Join(folder, "index.json"), &versions)
	if want := map[string]map[string]struct{}{"versions": {"0.1.0": {}, "0.2.0": {}}}; !reflect.DeepEqual(versions, want) {
		t.Errorf("index.json: %v, want %v", versions, want)
	}
	var archives map[string]map[string]archiveRef
	readTestJSON(t, filepath.Join(folder, "0.1.0.json"), &archives)
	want := map[string]map[string]archiveRef{"archives": {
		"linux_amd64":  {URL: "terraform-provider-twilio_0.1.0_linux_amd64.zip", Hashes: []string{"zh:aa"}},
		"darwin_arm64": {URL: "terraform-provider-twilio_0.1.0_darwin_arm64.zip", Hashes: []string{"zh:bb"}},
	}}
	if !reflect.DeepEqual(archives, want) {
		t.Errorf("0.1.0.json: %v, want %v", archives, want)
	}
}

func TestPublishVersionRejectsABrokenIndex(t *testing.T) {
	folder := t.TempDir()
	if err := os.WriteFile(filepath.Join(folder, "index.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := publishVersion(folder, "0.1.0", map[string][]string{"linux_amd64": {"zh:aa"}}); err == nil {
		t.Fatal("a broken index.json was overwritten instead of reported")
	}
}

func TestZipHashIsTheSHA256OfTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.zip")
	if err := os.WriteFile(path, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	hash, err := zipHash(path)
	if err != nil {
		t.Fatal(err)
	}
	// SHA-256("abc") from FIPS 180-2, appendix B.1.
	if want := "zh:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; hash != want {
		t.Errorf("got %s, want %s", hash, want)
	}
}

func readTestJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
