package main

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v4"
)

// goreleaserConfig is the part of .goreleaser.yml that decides the bytes of
// the provider's zips.
type goreleaserConfig struct {
	Builds   []goreleaserBuild   `yaml:"builds"`
	Archives []goreleaserArchive `yaml:"archives"`
}

type goreleaserBuild struct {
	ID           string     `yaml:"id"`
	Main         string     `yaml:"main"`
	Binary       string     `yaml:"binary"`
	Env          []string   `yaml:"env"`
	ModTimestamp string     `yaml:"mod_timestamp"`
	Flags        []string   `yaml:"flags"`
	Ldflags      []string   `yaml:"ldflags"`
	Goos         []string   `yaml:"goos"`
	Goarch       []string   `yaml:"goarch"`
	Ignore       []platform `yaml:"ignore"`
}

type goreleaserArchive struct {
	ID           string   `yaml:"id"`
	IDs          []string `yaml:"ids"`
	Formats      []string `yaml:"formats"`
	NameTemplate string   `yaml:"name_template"`
	Files        []struct {
		Src  string `yaml:"src"`
		Info struct {
			MTime string `yaml:"mtime"`
			Mode  uint32 `yaml:"mode"`
		} `yaml:"info"`
	} `yaml:"files"`
}

// UnmarshalYAML reads an ignore entry ({goos, goarch}) as a platform.
func (p *platform) UnmarshalYAML(node *yaml.Node) error {
	var entry struct{ Goos, Goarch string }
	if err := node.Decode(&entry); err != nil {
		return err
	}
	*p = platform{entry.Goos, entry.Goarch}
	return nil
}

// TestReleaseMatchesGoreleaserConfig fails when .goreleaser.yml builds or
// packs the provider differently from release.go, so that `make mirror`
// would no longer produce the release's bytes.
func TestReleaseMatchesGoreleaserConfig(t *testing.T) {
	data, err := os.ReadFile("../../.goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	var config goreleaserConfig
	if err := yaml.Unmarshal(data, &config); err != nil {
		t.Fatal(err)
	}
	build := config.Builds[slices.IndexFunc(config.Builds, func(b goreleaserBuild) bool { return b.ID == "provider" })]
	archive := config.Archives[slices.IndexFunc(config.Archives, func(a goreleaserArchive) bool { return a.ID == "provider" })]
	var configured []platform
	for _, goos := range build.Goos {
		for _, goarch := range build.Goarch {
			if p := (platform{goos, goarch}); !slices.Contains(build.Ignore, p) {
				configured = append(configured, p)
			}
		}
	}
	type check struct{ what, got, want string }
	checks := []check{
		{"platforms", platformList(configured), platformList(releasePlatforms())},
		{"main", build.Main, "."},
		{"binary", build.Binary, "{{ .ProjectName }}_v{{ .Version }}"},
		{"env", fmt.Sprint(build.Env), fmt.Sprint(buildEnv)},
		{"mod_timestamp", build.ModTimestamp, "{{ .CommitTimestamp }}"},
		{"flags", fmt.Sprint(build.Flags), fmt.Sprint(buildFlags)},
		{"ldflags", fmt.Sprint(build.Ldflags), fmt.Sprint([]string{fmt.Sprintf(ldflagsFormat, "{{ .Version }}")})},
		{"archive ids and formats", fmt.Sprint(archive.IDs, archive.Formats), "[provider] [zip]"},
		{"archive name", archive.NameTemplate, "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}"},
	}
	var docs []string
	for _, f := range archive.Files {
		docs = append(docs, f.Src)
		checks = append(checks,
			check{f.Src + " mtime", f.Info.MTime, "{{ .CommitDate }}"},
			check{f.Src + " mode", fmt.Sprintf("%#o", f.Info.Mode), fmt.Sprintf("%#o", docModeBits)})
	}
	checks = append(checks, check{"archive files", fmt.Sprint(docs), fmt.Sprint(archivedDocs)})
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf(".goreleaser.yml: the provider's %s is %s, scripts/mirror's %s", c.what, c.got, c.want)
		}
	}
}

func TestParsePlatforms(t *testing.T) {
	all, err := parsePlatforms("  ")
	if err != nil || len(all) != 14 {
		t.Fatalf("empty list: %d platforms, %v; want the release's 14", len(all), err)
	}
	chosen, err := parsePlatforms("linux_amd64 darwin_arm64,windows_amd64 linux_amd64")
	if err != nil {
		t.Fatal(err)
	}
	if got := platformList(chosen); got != "linux_amd64 darwin_arm64 windows_amd64" {
		t.Errorf("got %q, want the three platforms once each, in order", got)
	}
	for _, bad := range []string{"darwin_386", "windows_arm", "linux", "plan9_amd64"} {
		if _, err := parsePlatforms(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestTargetEnvGivesGoreleaserDefaults(t *testing.T) {
	for arch, want := range map[string]string{"amd64": "GOAMD64=v1", "386": "GO386=sse2", "arm": "GOARM=6", "arm64": "GOARM64=v8.0"} {
		env := targetEnv(platform{"linux", arch})
		if !slices.Contains(env, want) || !slices.Contains(env, "GOARCH="+arch) {
			t.Errorf("%s: %v lacks %s", arch, env, want)
		}
	}
	if name := binaryName("1.2.3", platform{"windows", "amd64"}); name != "terraform-provider-twilio_v1.2.3.exe" {
		t.Errorf("windows binary: %s", name)
	}
}
