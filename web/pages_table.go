package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// tableQuery is how a table is sorted, filtered and paged: query
// parameters, so that every view of a table is a link to share. prefix
// tells apart two tables of one page (the period's rejected rows "r").
type tableQuery struct {
	Sort   string
	Desc   bool
	Page   int
	Per    int
	prefix string
	path   string
	values url.Values
}

// readTable reads a table's sort (sort, desc) and page (page) from r.
func readTable(r *http.Request, prefix, defaultSort string, per int) *tableQuery {
	v := r.URL.Query()
	q := &tableQuery{Sort: v.Get(prefix + "sort"), Desc: v.Get(prefix+"desc") == "1", Per: per, prefix: prefix, path: r.URL.Path, values: v}
	if q.Sort == "" {
		q.Sort = defaultSort
	}
	q.Page, _ = strconv.Atoi(v.Get(prefix + "page"))
	if q.Page < 1 {
		q.Page = 1
	}
	return q
}

// Get is a filter's value.
func (q *tableQuery) Get(name string) string { return q.values.Get(name) }

func (q *tableQuery) link(set map[string]string) string {
	v := url.Values{}
	for k, vs := range q.values {
		v[k] = vs
	}
	for k, x := range set {
		if x == "" {
			v.Del(k)
		} else {
			v.Set(k, x)
		}
	}
	if len(v) == 0 {
		return q.path
	}
	return q.path + "?" + v.Encode()
}

// SortLink is the link of a column's header: sorted by it, ascending, or
// descending when it already sorts ascending; back to the first page.
func (q *tableQuery) SortLink(col string) string {
	desc := ""
	if q.Sort == col && !q.Desc {
		desc = "1"
	}
	return q.link(map[string]string{q.prefix + "sort": col, q.prefix + "desc": desc, q.prefix + "page": ""})
}

// Arrow marks the column the table is sorted by.
func (q *tableQuery) Arrow(col string) string {
	switch {
	case q.Sort != col:
		return ""
	case q.Desc:
		return " ▼"
	}
	return " ▲"
}

// FilterLink is the table with one filter set ("" removes it).
func (q *tableQuery) FilterLink(name, value string) string {
	return q.link(map[string]string{name: value, q.prefix + "page": ""})
}

// pager is where a page of a table is.
type pager struct {
	Page, Pages, From, To, Total int
	Prev, Next                   string // links; "" at either end
}

// paginate returns the page q asks for of items, and where it is.
func paginate[T any](items []T, q *tableQuery) ([]T, pager) {
	p := pager{Total: len(items), Pages: max(1, (len(items)+q.Per-1)/q.Per)}
	p.Page = min(q.Page, p.Pages)
	from := (p.Page - 1) * q.Per
	to := min(len(items), from+q.Per)
	p.From, p.To = from+1, to
	if len(items) == 0 {
		p.From = 0
	}
	if p.Page > 1 {
		p.Prev = q.link(map[string]string{q.prefix + "page": strconv.Itoa(p.Page - 1)})
	}
	if p.Page < p.Pages {
		p.Next = q.link(map[string]string{q.prefix + "page": strconv.Itoa(p.Page + 1)})
	}
	return items[from:to], p
}

// sortBy sorts items stably by the column q names, one of by's, descending
// with q.Desc; a column not in by (the table's own order) keeps their
// order, reversed with q.Desc.
func sortBy[T any](items []T, q *tableQuery, by map[string]func(a, b T) int) {
	c, ok := by[q.Sort]
	if !ok {
		if q.Desc {
			slices.Reverse(items)
		}
		return
	}
	slices.SortStableFunc(items, func(a, b T) int {
		if q.Desc {
			return c(b, a)
		}
		return c(a, b)
	})
}
