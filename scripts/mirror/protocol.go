package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// The two documents of Terraform's Provider Network Mirror Protocol, served
// from <host>/<namespace>/<type>/ of the mirror's base URL:
// index.json lists the versions, <version>.json each platform's archive.
type versionList struct {
	Versions map[string]struct{} `json:"versions"`
}

type archiveList struct {
	Archives map[string]archiveRef `json:"archives"`
}

// archiveRef locates an archive (relative to <version>.json) and gives the
// hashes a lock file records for it.
type archiveRef struct {
	URL    string   `json:"url"`
	Hashes []string `json:"hashes,omitempty"`
}

// zipHash is the "zh:" hash of an archive: the SHA-256 of the zip itself, as
// the release's SHA256SUMS file and the registry give it.
func zipHash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return "", err
	}
	return "zh:" + hex.EncodeToString(sum.Sum(nil)), nil
}

// publishVersion records version in folder's index.json, keeping the
// versions already listed, and its platforms' archives (name the release
// gives them, hashes by platform) in <version>.json, keeping platforms
// already published for that version.
func publishVersion(folder, version string, hashes map[string][]string) error {
	var versions versionList
	if err := readJSON(filepath.Join(folder, "index.json"), &versions); err != nil {
		return err
	}
	if versions.Versions == nil {
		versions.Versions = map[string]struct{}{}
	}
	versions.Versions[version] = struct{}{}

	var archives archiveList
	if err := readJSON(filepath.Join(folder, version+".json"), &archives); err != nil {
		return err
	}
	if archives.Archives == nil {
		archives.Archives = map[string]archiveRef{}
	}
	for _, p := range releasePlatforms() {
		if h, ok := hashes[p.String()]; ok {
			archives.Archives[p.String()] = archiveRef{URL: archiveName(version, p), Hashes: h}
		}
	}
	// The version's document first: index.json never lists a version whose
	// archives cannot be found.
	if err := writeJSON(filepath.Join(folder, version+".json"), archives); err != nil {
		return err
	}
	return writeJSON(filepath.Join(folder, "index.json"), versions)
}

// readJSON decodes path into v; a missing file leaves v as it is.
func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return &fs.PathError{Op: "read mirror document", Path: path, Err: err}
	}
	return nil
}

// writeJSON writes v indented (map keys sorted), renamed into place.
func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	staged := path + ".tmp"
	if err := os.WriteFile(staged, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(staged, path)
}
