package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// runInstall is `make install`: it builds the provider for this machine's
// platform as the release does (buildBinary) and puts it where Terraform's
// and OpenTofu's implied local mirror looks for providers,
//
//	<plugins-dir>/<host>/verifyfactors/twilio/<version>/<os>_<arch>/
//
// for every host of mirrorHosts, so that a configuration with
// source = "verifyfactors/twilio" runs `terraform init` and `tofu init`
// offline with no CLI configuration. Built as the release is, reinstalling
// the same source gives the checksum that .terraform.lock.hcl files
// recorded, and `mirror build` of this platform reuses every compiled package.
func runInstall(args []string) error {
	flags := flag.NewFlagSet("mirror install", flag.ContinueOnError)
	version := flags.String("version", "", "the provider `version` to install, such as 0.1.0")
	pluginsDir := flags.String("plugins-dir", "", "the implied local mirror's `folder` (default $HOME/.terraform.d/plugins)")
	goCommand := flags.String("go", "go", "the go `command`")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if err := checkVersion(*version); err != nil {
		return err
	}
	if *pluginsDir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return fmt.Errorf("the providers go to $HOME/.terraform.d/plugins: %w", err)
		}
		*pluginsDir = filepath.Join(home, ".terraform.d", "plugins")
	}
	p, err := hostPlatform(*goCommand)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "mirror-install-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	binary := filepath.Join(work, binaryName(*version, p))
	if err := buildBinary(*goCommand, binary, *version, p); err != nil {
		return err
	}
	var installed []string
	for _, host := range mirrorHosts {
		folder := filepath.Join(*pluginsDir, host, providerPath, *version, p.String())
		if err := placeFile(binary, folder, binaryModeBits); err != nil {
			return err
		}
		installed = append(installed, filepath.Join(folder, filepath.Base(binary)))
	}
	fmt.Printf("==> Installed %s %s (%s) for terraform init and tofu init:\n", projectName, *version, p)
	for _, path := range installed {
		fmt.Printf("    %s\n", path)
	}
	return nil
}

// hostPlatform is the platform the go command builds for by default.
func hostPlatform(goCommand string) (platform, error) {
	out, err := exec.Command(goCommand, "env", "GOOS", "GOARCH").Output()
	if err != nil {
		return platform{}, fmt.Errorf("go env GOOS GOARCH: %w", commandError(err))
	}
	fields := strings.Fields(string(out))
	if len(fields) != 2 {
		return platform{}, fmt.Errorf("go env GOOS GOARCH printed %q", out)
	}
	return platform{fields[0], fields[1]}, nil
}
