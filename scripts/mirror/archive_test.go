package main

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWriteZipRecordsNamesTimesAndModes writes a document with a set time
// and mode and a binary with its own, and reads them back.
func TestWriteZipRecordsNamesTimesAndModes(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "doc")
	bin := filepath.Join(dir, "bin")
	binTime := time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC)
	for path, content := range map[string]string{doc: "a document", bin: "a binary"} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chtimes(bin, binTime, binTime); err != nil {
		t.Fatal(err)
	}
	docTime := time.Date(2025, 5, 6, 7, 8, 10, 0, time.UTC)
	path := filepath.Join(dir, "out.zip")
	err := writeZip(path, []archiveEntry{
		{source: doc, name: "README.md", modified: docTime, mode: docModeBits},
		{source: bin, name: "terraform-provider-twilio_v1.0.0", mode: binaryModeBits},
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	want := []struct {
		name    string
		mode    os.FileMode
		time    time.Time
		content string
	}{
		{"README.md", docModeBits, docTime, "a document"},
		{"terraform-provider-twilio_v1.0.0", binaryModeBits, binTime, "a binary"},
	}
	if len(r.File) != len(want) {
		t.Fatalf("%d files, want %d", len(r.File), len(want))
	}
	for i, f := range r.File {
		w := want[i]
		if f.Name != w.name || f.Mode() != w.mode || !f.Modified.Equal(w.time) || f.Method != zip.Deflate {
			t.Errorf("file %d: %s %v %v method %d, want %s %v %v deflated", i, f.Name, f.Mode(), f.Modified, f.Method, w.name, w.mode, w.time)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil || string(content) != w.content {
			t.Errorf("%s holds %q (%v), want %q", f.Name, content, err, w.content)
		}
	}
}
