package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// docsSubcategory is the registry subcategory of every resource and data
// source page (tfplugindocs validate --allowed-resource-subcategories checks
// the spelling; this test checks that each page has it).
const docsSubcategory = "Verify"

// TestDocsFollowRegistryConventions checks the generated pages in docs/
// against what the registry's readers expect of every resource and data
// source this provider serves: a page, the subcategory, a page title ending
// in "- Twilio Verify", an example, the argument reference (the schema) and,
// for importable resources, an import section.
func TestDocsFollowRegistryConventions(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	p := New("test")()
	var meta fwprovider.MetadataResponse
	p.Metadata(ctx, fwprovider.MetadataRequest{}, &meta)

	type page struct {
		path       string
		importable bool
	}
	var pages []page
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var resp resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &resp)
		_, importable := r.(resource.ResourceWithImportState)
		pages = append(pages, page{path: filepath.Join("resources", strings.TrimPrefix(resp.TypeName, meta.TypeName+"_")+".md"), importable: importable})
	}
	for _, newDataSource := range p.DataSources(ctx) {
		var resp datasource.MetadataResponse
		newDataSource().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &resp)
		pages = append(pages, page{path: filepath.Join("data-sources", strings.TrimPrefix(resp.TypeName, meta.TypeName+"_")+".md")})
	}

	pageTitle := regexp.MustCompile(`(?m)^page_title: ".* - Twilio Verify"$`)
	for _, pg := range pages {
		b, err := os.ReadFile(filepath.Join("..", "..", "docs", pg.path))
		if err != nil {
			t.Errorf("docs/%s: %v (add a template and run make generate)", pg.path, err)
			continue
		}
		text := string(b)
		for what, ok := range map[string]bool{
			`subcategory: "` + docsSubcategory + `"`:   strings.Contains(text, "\nsubcategory: \""+docsSubcategory+"\"\n"),
			`a page_title ending in "- Twilio Verify"`: pageTitle.MatchString(text),
			"## Example Usage with a terraform block":  strings.Contains(text, "\n## Example Usage\n") && strings.Contains(text, "```terraform\n"),
			"the argument reference (## Schema)":       strings.Contains(text, "\n## Schema\n"),
			"## Import":                                !pg.importable || strings.Contains(text, "\n## Import\n"),
		} {
			if !ok {
				t.Errorf("docs/%s lacks %s (edit its template under templates/ and run make generate)", pg.path, what)
			}
		}
	}
	if len(pages) < 3 {
		t.Errorf("found %d pages to check; the provider serves at least a resource and two data sources", len(pages))
	}
}
