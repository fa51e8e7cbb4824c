package verify

import (
	"context"
	"strconv"
)

// listFactorsDated: temporary until the listing work lands.
func (c *Client) listFactorsDated(ctx context.Context, serviceSID, identity string) ([]Factor, *request, error) {
	return listAll(ctx, c, "factors", c.factorsURL(serviceSID, identity), func(p *factorPageWire) ([]Factor, PageMeta) { return p.page().Factors, p.Meta })
}

var _ = strconv.Itoa
