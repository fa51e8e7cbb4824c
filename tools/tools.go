//go:build generate

// Package tools pins the versions of the documentation generator used by
// `make generate`.
package tools

import (
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)
