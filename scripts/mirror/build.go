package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// semver is the version form Terraform and OpenTofu install.
var semver = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// checkVersion refuses a version Terraform and OpenTofu would not install.
func checkVersion(version string) error {
	if !semver.MatchString(version) {
		return fmt.Errorf("VERSION=%q is not a semantic version such as 0.1.0: Terraform and OpenTofu install only providers with one "+
			"(set VERSION=0.1.0, or leave VERSION unset for the newest version section of CHANGELOG.md)", version)
	}
	return nil
}

func runBuild(args []string) error {
	flags := flag.NewFlagSet("mirror build", flag.ContinueOnError)
	dir := flags.String("dir", "dist/mirror", "the mirror `folder` to write into (versions already there stay)")
	version := flags.String("version", "", "the provider `version` to build, such as 0.1.0")
	platformsFlag := flags.String("platforms", "", "the `platforms` to build, such as \"linux_amd64 darwin_arm64\" (default: every platform of the release)")
	goCommand := flags.String("go", "go", "the go `command`")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if err := checkVersion(*version); err != nil {
		return err
	}
	platforms, err := parsePlatforms(*platformsFlag)
	if err != nil {
		return err
	}
	commitTime, err := commitTime()
	if err != nil {
		return err
	}
	warnIfModified()
	work, err := os.MkdirTemp("", "mirror-build-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	published := map[string][]string{}
	for _, p := range platforms {
		started := time.Now()
		zip, err := buildArchive(*goCommand, work, *version, p, commitTime)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		hash, err := zipHash(zip)
		if err != nil {
			return err
		}
		published[p.String()] = []string{hash}
		for _, host := range mirrorHosts {
			if err := placeArchive(zip, filepath.Join(*dir, host, providerPath)); err != nil {
				return err
			}
		}
		fmt.Printf("    %s %s (%.0f s)\n", filepath.Base(zip), hash, time.Since(started).Seconds())
	}
	for _, host := range mirrorHosts {
		if err := publishVersion(filepath.Join(*dir, host, providerPath), *version, published); err != nil {
			return err
		}
	}
	return nil
}

// commitTime is the time of the checkout's HEAD commit, which GoReleaser
// stamps (mod_timestamp and the documents' mtime) into the release.
func commitTime() (time.Time, error) {
	out, err := exec.Command("git", "show", "-s", "--format=%ct", "HEAD").Output()
	if err != nil {
		return time.Time{}, fmt.Errorf("the release is dated by its commit, and git could not tell it (run make mirror in a git clone): %w", commandError(err))
	}
	seconds, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("git show -s --format=%%ct HEAD printed %q: %w", out, err)
	}
	return time.Unix(seconds, 0), nil
}

// warnIfModified says when the checkout has uncommitted changes: Go stamps
// that into the binaries (vcs.modified), and a release is never built so,
// so the zips will not be the release's.
func warnIfModified() {
	out, err := exec.Command("git", "status", "--porcelain").Output()
	if err == nil && len(out) > 0 {
		fmt.Fprintln(os.Stderr, "mirror build: warning: the checkout has uncommitted changes, so these zips differ from any release's; commit them, or build from the release's tag")
	}
}

// buildArchive builds the provider for p as GoReleaser does and packs it
// into work/<archive name>: the documents sorted by name, then the binary.
func buildArchive(goCommand, work, version string, p platform, commitTime time.Time) (string, error) {
	binary := filepath.Join(work, p.String(), binaryName(version, p))
	if err := buildBinary(goCommand, binary, version, p); err != nil {
		return "", err
	}
	// GoReleaser's mod_timestamp: the binary's mtime, which the zip records.
	if err := os.Chtimes(binary, commitTime, commitTime); err != nil {
		return "", err
	}
	docs := slices.Sorted(slices.Values(archivedDocs))
	var entries []archiveEntry
	for _, doc := range docs {
		entries = append(entries, archiveEntry{source: doc, name: doc, modified: commitTime.UTC(), mode: docModeBits})
	}
	entries = append(entries, archiveEntry{source: binary, name: filepath.Base(binary), mode: binaryModeBits})
	zip := filepath.Join(work, archiveName(version, p))
	return zip, writeZip(zip, entries)
}

// buildBinary builds the provider for p into binary as GoReleaser does:
// the release's flags and environment (release.go).
func buildBinary(goCommand, binary, version string, p platform) error {
	args := append([]string{"build"}, buildFlags...)
	args = append(args, "-ldflags="+fmt.Sprintf(ldflagsFormat, version), "-o", binary, ".")
	cmd := exec.Command(goCommand, args...)
	cmd.Env = slices.Concat(os.Environ(), buildEnv, targetEnv(p))
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build: %w", err)
	}
	return nil
}

// placeArchive puts the zip into a host's folder of the mirror.
func placeArchive(zip, folder string) error {
	return placeFile(zip, folder, docModeBits)
}

// placeFile puts file into folder under its own name with mode: a hard link
// where it can, else a copy, renamed into place, so that a server never
// serves half a file and a provider process still running keeps the file
// it started from.
func placeFile(file, folder string, mode os.FileMode) error {
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return err
	}
	target := filepath.Join(folder, filepath.Base(file))
	staged := filepath.Join(folder, "."+filepath.Base(file)+".tmp")
	_ = os.Remove(staged)
	if err := os.Link(file, staged); err != nil {
		data, readErr := os.ReadFile(file)
		if readErr != nil {
			return readErr
		}
		if err := os.WriteFile(staged, data, mode); err != nil {
			return err
		}
	}
	if err := os.Chmod(staged, mode); err != nil {
		return err
	}
	return os.Rename(staged, target)
}

func commandError(err error) error {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) && len(exitErr.Stderr) > 0 {
		return fmt.Errorf("%w: %s", err, strings.TrimSpace(string(exitErr.Stderr)))
	}
	return err
}
