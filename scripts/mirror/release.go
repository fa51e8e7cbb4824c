package main

import (
	"fmt"
	"slices"
	"strings"
)

// The provider's release as .goreleaser.yml builds it (build id "provider",
// archive id "provider"); release_test.go fails when the two part ways.
const (
	projectName = "terraform-provider-twilio"
	// ldflagsFormat takes the version.
	ldflagsFormat = "-s -w -X main.version=%s"
	// docModeBits is the mode the archive gives its documents.
	docModeBits = 0o644
	// binaryModeBits is the mode GoReleaser gives every binary it archives.
	binaryModeBits = 0o755
)

var (
	buildFlags = []string{"-trimpath"}
	buildEnv   = []string{"CGO_ENABLED=0"}
	// archivedDocs are the archive's files besides the binary.
	archivedDocs = []string{"LICENSE", "README.md", "CHANGELOG.md"}
	releaseOS    = []string{"freebsd", "windows", "linux", "darwin"}
	releaseArch  = []string{"amd64", "386", "arm", "arm64"}
	// unreleased are the combinations Go does not support: no darwin/386,
	// and Go 1.26 dropped windows/arm.
	unreleased = []string{"darwin_386", "windows_arm"}
	// mirrorHosts are the registries whose addresses the mirror serves the
	// provider under; a mirror answers for the address a configuration's
	// source resolves to.
	mirrorHosts = []string{"registry.terraform.io", "registry.opentofu.org"}
)

const providerPath = "verifyfactors/twilio"

// platform is a release target such as linux_amd64.
type platform struct{ os, arch string }

func (p platform) String() string { return p.os + "_" + p.arch }

// releasePlatforms lists every platform of the release.
func releasePlatforms() []platform {
	var all []platform
	for _, os := range releaseOS {
		for _, arch := range releaseArch {
			p := platform{os, arch}
			if !slices.Contains(unreleased, p.String()) {
				all = append(all, p)
			}
		}
	}
	return all
}

// parsePlatforms reads a list such as "linux_amd64 darwin_arm64" (spaces or
// commas between); an empty list means every platform of the release.
func parsePlatforms(list string) ([]platform, error) {
	names := strings.FieldsFunc(list, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' })
	if len(names) == 0 {
		return releasePlatforms(), nil
	}
	var chosen []platform
	for _, name := range names {
		i := slices.IndexFunc(releasePlatforms(), func(p platform) bool { return p.String() == name })
		if i < 0 {
			return nil, fmt.Errorf("PLATFORMS: %q is not a platform of the release (%s)", name, platformList(releasePlatforms()))
		}
		if !slices.ContainsFunc(chosen, func(p platform) bool { return p.String() == name }) {
			chosen = append(chosen, releasePlatforms()[i])
		}
	}
	return chosen, nil
}

func platformList(platforms []platform) string {
	names := make([]string, len(platforms))
	for i, p := range platforms {
		names[i] = p.String()
	}
	return strings.Join(names, " ")
}

// targetEnv is the environment GoReleaser gives `go build` for a platform:
// its default microarchitecture for each GOARCH (v1, sse2, 6, v8.0), the
// other variables empty.
func targetEnv(p platform) []string {
	variant := map[string]string{"GOAMD64": "", "GO386": "", "GOARM": "", "GOARM64": ""}
	switch p.arch {
	case "amd64":
		variant["GOAMD64"] = "v1"
	case "386":
		variant["GO386"] = "sse2"
	case "arm":
		variant["GOARM"] = "6"
	case "arm64":
		variant["GOARM64"] = "v8.0"
	}
	env := []string{"GOOS=" + p.os, "GOARCH=" + p.arch}
	for _, name := range []string{"GOAMD64", "GO386", "GOARM", "GOARM64", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64"} {
		env = append(env, name+"="+variant[name])
	}
	return env
}

// binaryName is the provider's file name in the archive.
func binaryName(version string, p platform) string {
	name := projectName + "_v" + version
	if p.os == "windows" {
		name += ".exe"
	}
	return name
}

// archiveName is the zip's name in the release and in the mirror.
func archiveName(version string, p platform) string {
	return fmt.Sprintf("%s_%s_%s.zip", projectName, version, p)
}
