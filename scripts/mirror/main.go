// Command mirror builds and serves a provider mirror of terraform-provider-twilio
// (`make mirror` and `make install-check` run it).
//
//	mirror build -dir dist/mirror -version 0.1.0 -platforms "linux_amd64 darwin_arm64"
//	mirror serve -dir dist/mirror -ca-out ca.pem
//	mirror install -version 0.1.0
//
// build compiles the provider for each platform exactly as .goreleaser.yml
// does and packs each binary into the zip the release will carry, byte for
// byte (archive.go says how). It writes, for registry.terraform.io and for
// registry.opentofu.org, the folder <host>/verifyfactors/twilio/ holding the
// zips (the packed layout of a filesystem mirror) and the index.json and
// <version>.json of the Provider Network Mirror Protocol. Versions and
// platforms already in the folder stay listed.
//
// serve serves a folder over HTTPS on a free loopback port with a certificate
// from a throwaway CA, writes the CA to -ca-out (for SSL_CERT_FILE) and prints
// "mirror listening on https://127.0.0.1:PORT/" once it accepts connections.
//
// install (`make install`) builds this machine's platform as build does and
// puts the binary into Terraform's and OpenTofu's implied local mirror,
// ~/.terraform.d/plugins (install.go).
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "build":
		err = runBuild(os.Args[2:])
	case "serve":
		err = runServe(os.Args[2:])
	case "install":
		err = runInstall(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "mirror %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: mirror build -dir DIR -version VERSION [-platforms \"os_arch ...\"]\n       mirror serve -dir DIR -ca-out FILE [-addr 127.0.0.1:0]\n       mirror install -version VERSION [-plugins-dir DIR]")
	os.Exit(2)
}
