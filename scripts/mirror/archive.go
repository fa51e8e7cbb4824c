package main

import (
	"archive/zip"
	"compress/flate"
	"io"
	"io/fs"
	"os"
	"time"
)

// archiveEntry is one file of a zip: where it is read from, its name in the
// zip, and the modification time and mode the zip records for it (zero:
// the file's own).
type archiveEntry struct {
	source   string
	name     string
	modified time.Time
	mode     fs.FileMode
}

// writeZip writes the entries, in order, into a new zip at path the way
// GoReleaser v2 does (pkg/archive/zip): a header from os.Lstat through
// zip.FileInfoHeader, renamed, deflated at flate.BestCompression, with the
// configured time and mode when given. With the same inputs and the same Go
// the bytes are GoReleaser's.
func writeZip(path string, entries []archiveEntry) (err error) {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if closeErr := out.Close(); err == nil {
			err = closeErr
		}
	}()
	archive := zip.NewWriter(out)
	archive.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, entry := range entries {
		if err := addToZip(archive, entry); err != nil {
			return err
		}
	}
	return archive.Close()
}

func addToZip(archive *zip.Writer, entry archiveEntry) error {
	info, err := os.Lstat(entry.source)
	if err != nil {
		return err
	}
	header, err := zip.FileInfoHeader(info)
	if err != nil {
		return err
	}
	header.Name = entry.name
	header.Method = zip.Deflate
	if !entry.modified.IsZero() {
		header.Modified = entry.modified
	}
	if entry.mode != 0 {
		header.SetMode(entry.mode)
	}
	w, err := archive.CreateHeader(header)
	if err != nil {
		return err
	}
	in, err := os.Open(entry.source)
	if err != nil {
		return err
	}
	defer in.Close()
	_, err = io.Copy(w, in)
	return err
}
