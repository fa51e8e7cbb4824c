package mockverify

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

const (
	defaultPageSize = 50
	maxPageSize     = 1000
)

// pageRequest is a parsed list query: PageSize, Page and PageToken.
type pageRequest struct {
	size     int    // granted page size
	page     int    // page index, client state echoed in the URLs
	token    string // opaque token as received
	after    bool   // token kind: items after (PA) or before (PB) seq
	seq      int64  // token position
	hasToken bool
}

// pageMeta is the `meta` object of a list page. It is a deliberate copy of
// the client's verify.PageMeta: the mock is an independent model of Twilio
// and shares no code with the client.
type pageMeta struct {
	Page            int     `json:"page"`
	PageSize        int     `json:"page_size"`
	FirstPageURL    string  `json:"first_page_url"`
	PreviousPageURL *string `json:"previous_page_url"`
	URL             string  `json:"url"`
	NextPageURL     *string `json:"next_page_url"`
	Key             string  `json:"key"`
}

// parsePageRequest reads PageSize (1-1000, default 50, granted up to
// maxGranted), Page (>= 0) and PageToken.
func parsePageRequest(q params, maxGranted int) (pageRequest, *apiError) {
	pr := pageRequest{size: defaultPageSize}
	if v, ok := q.get("PageSize"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			return pr, &apiError{Status: http.StatusBadRequest, Code: codeInvalidPaging,
				Message: "Invalid PageSize: must be an integer between 1 and 1000"}
		}
		pr.size = n
	}
	pr.size = min(pr.size, maxGranted)
	if v, ok := q.get("Page"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return pr, errPaging("Page", "must be a non-negative integer")
		}
		pr.page = n
	}
	if v, ok := q.get("PageToken"); ok {
		after, seq, ok := parsePageToken(v)
		if !ok {
			return pr, errPaging("PageToken", "not a token issued by this API")
		}
		pr.token, pr.after, pr.seq, pr.hasToken = v, after, seq, true
	}
	return pr, nil
}

// Page tokens are opaque to clients. Like Twilio's they start with PA
// (items after a position) or PB (items before it); the position is the
// creation sequence number of a listed item, so that deletions between
// pages neither skip nor repeat items.
func pageToken(after bool, seq int64) string {
	prefix := "PB"
	if after {
		prefix = "PA"
	}
	return prefix + strconv.FormatInt(seq, 16)
}

func parsePageToken(t string) (after bool, seq int64, ok bool) {
	if len(t) < 3 || (!strings.HasPrefix(t, "PA") && !strings.HasPrefix(t, "PB")) {
		return false, 0, false
	}
	n, err := strconv.ParseInt(t[2:], 16, 64)
	if err != nil || n < 0 {
		return false, 0, false
	}
	return strings.HasPrefix(t, "PA"), n, true
}

// paginate selects the page pr asks for among items whose creation
// sequence numbers are seqs (ascending), and builds its meta. base is the
// absolute URL of the list, with the list's filters as query if any.
func paginate(seqs []int64, pr pageRequest, base, key string) (start, end int, meta pageMeta) {
	n := len(seqs)
	switch {
	case pr.hasToken && pr.after:
		start = sort.Search(n, func(i int) bool { return seqs[i] > pr.seq })
		end = min(start+pr.size, n)
	case pr.hasToken:
		end = sort.Search(n, func(i int) bool { return seqs[i] >= pr.seq })
		start = max(end-pr.size, 0)
	default:
		start = n
		if pr.page <= n/pr.size {
			start = min(pr.page*pr.size, n)
		}
		end = min(start+pr.size, n)
	}

	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&" // base carries the list's filters
	}
	pageURL := func(page int, token string) string {
		u := base + sep + "PageSize=" + strconv.Itoa(pr.size) + "&Page=" + strconv.Itoa(page)
		if token != "" {
			u += "&PageToken=" + token
		}
		return u
	}
	meta = pageMeta{
		Page:         pr.page,
		PageSize:     pr.size,
		FirstPageURL: pageURL(0, ""),
		URL:          pageURL(pr.page, pr.token),
		Key:          key,
	}
	if start > 0 && start < n {
		prev := pageURL(max(pr.page-1, 0), pageToken(false, seqs[start]))
		meta.PreviousPageURL = &prev
	} else if start > 0 && pr.page > 0 {
		prev := pageURL(pr.page-1, "")
		meta.PreviousPageURL = &prev
	}
	if end < n && end > start {
		next := pageURL(pr.page+1, pageToken(true, seqs[end-1]))
		meta.NextPageURL = &next
	}
	return start, end, meta
}

// listPage answers one page of a list: items in creation order (seq gives
// an item's creation sequence), rendered to JSON by render, under key
// ("factors", "services") beside the page's meta.
func listPage[T, J any](items []T, pr pageRequest, pageURL, key string, seq func(T) int64, render func(T) J) response {
	seqs := make([]int64, len(items))
	for i, item := range items {
		seqs[i] = seq(item)
	}
	start, end, meta := paginate(seqs, pr, pageURL, key)
	list := make([]J, 0, end-start)
	for _, item := range items[start:end] {
		list = append(list, render(item))
	}
	return response{status: http.StatusOK, body: map[string]any{key: list, "meta": meta}}
}
