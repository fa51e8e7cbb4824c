package main

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// fakeGo writes a go command that answers `go env GOOS GOARCH` with goos and
// goarch and makes `go build ... -o FILE .` write a small file, and records
// the environment of the build: runInstall's placement is tested without a
// compile.
func fakeGo(t *testing.T, goos, goarch string) (command, envLog string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake go command is a shell script")
	}
	dir := t.TempDir()
	envLog = filepath.Join(dir, "build.env")
	script := `#!/bin/sh
case "$1" in
env) echo ` + goos + `; echo ` + goarch + `; exit 0 ;;
build)
  env > "` + envLog + `"
  args="$*"
  while [ $# -gt 0 ]; do
    if [ "$1" = -o ]; then printf 'provider %s\n' "$args" > "$2"; exit 0; fi
    shift
  done
  exit 1 ;;
esac
exit 2
`
	command = filepath.Join(dir, "go")
	if err := os.WriteFile(command, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return command, envLog
}

// TestInstallPlacesTheBinaryForBothRegistries installs into a temporary
// plugins folder and finds the binary, executable, under both hosts, built
// with the release's flags and environment.
func TestInstallPlacesTheBinaryForBothRegistries(t *testing.T) {
	goCommand, envLog := fakeGo(t, "linux", "arm64")
	plugins := t.TempDir()
	if err := runInstall([]string{"-go", goCommand, "-version", "1.2.3", "-plugins-dir", plugins}); err != nil {
		t.Fatal(err)
	}
	for _, host := range mirrorHosts {
		path := filepath.Join(plugins, host, "verifyfactors", "twilio", "1.2.3", "linux_arm64", "terraform-provider-twilio_v1.2.3")
		info, err := os.Stat(path)
		if err != nil {
			t.Fatalf("%s: %v", host, err)
		}
		if info.Mode().Perm()&0o111 == 0 {
			t.Errorf("%s: mode %v, not executable", path, info.Mode())
		}
		content, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, flag := range slices.Concat(buildFlags, []string{"-ldflags=-s -w -X main.version=1.2.3"}) {
			if !strings.Contains(string(content), flag) {
				t.Errorf("built without %q: %s", flag, content)
			}
		}
		staged, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp"))
		if len(staged) > 0 {
			t.Errorf("staged files left behind: %v", staged)
		}
	}
	env, err := os.ReadFile(envLog)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range slices.Concat(buildEnv, []string{"GOOS=linux", "GOARCH=arm64", "GOARM64=v8.0"}) {
		if !strings.Contains("\n"+string(env), "\n"+want+"\n") {
			t.Errorf("build environment lacks %s", want)
		}
	}
}

// TestInstallReplacesAnInstalledBinary installs the same version twice: the
// second replaces the first (a rename, so a running provider keeps its file).
func TestInstallReplacesAnInstalledBinary(t *testing.T) {
	goCommand, _ := fakeGo(t, "linux", "amd64")
	plugins := t.TempDir()
	args := []string{"-go", goCommand, "-version", "0.1.0", "-plugins-dir", plugins}
	for range 2 {
		if err := runInstall(args); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(filepath.Join(plugins, "registry.terraform.io", "verifyfactors", "twilio", "0.1.0", "linux_amd64"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "terraform-provider-twilio_v0.1.0" {
		t.Errorf("folder holds %v, want only the binary", entries)
	}
}

// TestInstallRefusesAVersionTerraformWouldNotInstall names the setting and
// builds nothing.
func TestInstallRefusesAVersionTerraformWouldNotInstall(t *testing.T) {
	goCommand, envLog := fakeGo(t, "linux", "amd64")
	for _, version := range []string{"", "v0.1.0", "0.1", "latest"} {
		err := runInstall([]string{"-go", goCommand, "-version", version, "-plugins-dir", t.TempDir()})
		if err == nil || !strings.Contains(err.Error(), "VERSION=") || !strings.Contains(err.Error(), "semantic version") {
			t.Errorf("version %q: error %v, want one naming VERSION", version, err)
		}
	}
	if _, err := os.Stat(envLog); err == nil {
		t.Error("a refused version still ran go build")
	}
}
