package htmldoc

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// reviewData is what a page's schema.org Review states about itself.
type reviewData struct {
	Headline     string
	Author       string
	Publication  string
	URL          string
	Published    *time.Time
	FilmTitle    string
	FilmYear     int
	IMDbID       string
	Director     string
	ItemType     string // itemReviewed's @type when it is not a Movie
	RatingRaw    string
	RatingValue  *float64
	RatingBest   *float64
	RatingWorst  *float64
	Body         string
	FoundJSONLD  bool
	FoundMicroda bool
}

// node is a schema.org object as decoded JSON-LD or as microdata
// converted to the same shape: property name to string, json.Number,
// nested node, or []any of those.
type node = map[string]any

// maxNodeDepth bounds the walk through nested JSON-LD objects; real
// Review markup nests four or five levels.
const maxNodeDepth = 64

// reviewTypes are the schema.org types read as a review.
var reviewTypes = map[string]bool{"Review": true, "CriticReview": true}

// structuredReview reads the first schema.org Review on the page, from
// JSON-LD when there is one and from microdata otherwise; fields the
// JSON-LD review leaves out are taken from a microdata review if the page
// has both.
func structuredReview(doc *html.Node) reviewData {
	var ld, md reviewData
	if n, parent, ok := findReview(jsonLDNodes(doc)); ok {
		ld = readReview(n, parent)
		ld.FoundJSONLD = true
	}
	if n, parent, ok := findReview(microdataNodes(doc)); ok {
		md = readReview(n, parent)
		md.FoundMicroda = true
	}
	if !ld.FoundJSONLD {
		return md
	}
	if md.FoundMicroda {
		fillFrom(&ld, md)
	}
	return ld
}

func fillFrom(dst *reviewData, src reviewData) {
	setString := func(d *string, s string) {
		if *d == "" {
			*d = s
		}
	}
	setString(&dst.Headline, src.Headline)
	setString(&dst.Author, src.Author)
	setString(&dst.Publication, src.Publication)
	setString(&dst.URL, src.URL)
	setString(&dst.FilmTitle, src.FilmTitle)
	setString(&dst.IMDbID, src.IMDbID)
	setString(&dst.Director, src.Director)
	setString(&dst.ItemType, src.ItemType)
	setString(&dst.RatingRaw, src.RatingRaw)
	setString(&dst.Body, src.Body)
	if dst.Published == nil {
		dst.Published = src.Published
	}
	if dst.FilmYear == 0 {
		dst.FilmYear = src.FilmYear
	}
	if dst.RatingValue == nil {
		dst.RatingValue, dst.RatingBest, dst.RatingWorst = src.RatingValue, src.RatingBest, src.RatingWorst
	}
	dst.FoundMicroda = true
}

// graph is every object found in the page's structured data, with an
// index by @id so that {"@id": "#film"} references resolve.
type graph struct {
	found []foundNode
	byID  map[string]node
}

type foundNode struct {
	n      node
	parent node // the object whose "review" property holds n, if any
}

func newGraph() *graph { return &graph{byID: make(map[string]node)} }

// add records v and every object nested in it.
func (g *graph) add(v any, parent node, depth int) {
	if depth > maxNodeDepth {
		return
	}
	switch v := v.(type) {
	case []any:
		for _, item := range v {
			g.add(item, parent, depth+1)
		}
	case node:
		g.found = append(g.found, foundNode{n: v, parent: parent})
		if id, ok := v["@id"].(string); ok && len(v) > 1 {
			if _, seen := g.byID[id]; !seen {
				g.byID[id] = v
			}
		}
		keys := make([]string, 0, len(v))
		for key := range v {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			child := v[key]
			var childParent node
			if key == "review" || key == "reviews" {
				childParent = v
			}
			g.add(child, childParent, depth+1)
		}
	}
}

// resolve replaces a bare {"@id": …} reference by the object it names.
func (g *graph) resolve(v any) any {
	if m, ok := v.(node); ok && len(m) == 1 {
		if id, ok := m["@id"].(string); ok {
			if target, ok := g.byID[id]; ok {
				return target
			}
		}
	}
	return v
}

// resolved is a node together with the graph its references point into.
type resolved struct {
	g *graph
	n node
}

func (r resolved) get(key string) any {
	if r.n == nil {
		return nil
	}
	return r.g.resolve(r.n[key])
}

func (r resolved) obj(key string) resolved {
	v := r.get(key)
	if list, ok := v.([]any); ok {
		for _, item := range list {
			if m, ok := r.g.resolve(item).(node); ok {
				return resolved{r.g, m}
			}
		}
		return resolved{r.g, nil}
	}
	m, _ := v.(node)
	return resolved{r.g, m}
}

func findReview(g *graph) (resolved, resolved, bool) {
	// Map iteration order is random, so pick deterministically: the first
	// review in document order that is not nested in another object's
	// "review" list, else the first nested one.
	var nested *foundNode
	for i := range g.found {
		f := &g.found[i]
		if !hasType(f.n, reviewTypes) {
			continue
		}
		if f.parent == nil {
			return resolved{g, f.n}, resolved{g, nil}, true
		}
		if nested == nil {
			nested = f
		}
	}
	if nested != nil {
		return resolved{g, nested.n}, resolved{g, nested.parent}, true
	}
	return resolved{}, resolved{}, false
}

func typesOf(n node) []string {
	var out []string
	add := func(v any) {
		if s, ok := v.(string); ok {
			s = strings.TrimSpace(s)
			for _, prefix := range []string{"http://schema.org/", "https://schema.org/", "schema:"} {
				s = strings.TrimPrefix(s, prefix)
			}
			out = append(out, s)
		}
	}
	switch t := n["@type"].(type) {
	case []any:
		for _, v := range t {
			add(v)
		}
	default:
		add(t)
	}
	return out
}

func hasType(n node, want map[string]bool) bool {
	for _, t := range typesOf(n) {
		if want[t] {
			return true
		}
	}
	return false
}

func readReview(r, parent resolved) reviewData {
	var d reviewData
	d.Headline = firstText(r.get("headline"), r.get("name"))
	d.Author = names(r.g, r.get("author"))
	d.Publication = names(r.g, r.get("publisher"))
	d.URL = firstText(r.get("url"))
	d.Published = parseDate(firstText(r.get("datePublished"), r.get("dateCreated")))
	d.Body = bodyText(r.get("reviewBody"), r.get("articleBody"))

	item := r.obj("itemReviewed")
	if item.n == nil {
		item = parent
	}
	if item.n != nil {
		d.FilmTitle = firstText(item.get("name"), item.get("alternateName"))
		d.FilmYear = yearOf(item.get("dateCreated"), item.get("datePublished"), item.get("copyrightYear"), item.get("releasedEvent"))
		d.Director = names(item.g, item.get("director"))
		d.IMDbID = imdbID(item.get("sameAs"), item.get("url"), item.get("@id"))
		if types := typesOf(item.n); len(types) > 0 && !hasType(item.n, map[string]bool{"Movie": true}) {
			d.ItemType = strings.Join(types, ",")
		}
	}
	if d.IMDbID == "" {
		// Some pages put the film's IMDb link on the review itself.
		d.IMDbID = imdbID(r.get("sameAs"))
	}

	rating := r.obj("reviewRating")
	if rating.n != nil {
		var raw string
		d.RatingValue, raw = number(rating.get("ratingValue"))
		d.RatingBest, _ = number(rating.get("bestRating"))
		d.RatingWorst, _ = number(rating.get("worstRating"))
		switch {
		case d.RatingValue == nil && raw != "":
			d.RatingRaw = raw // "B+", "three stars"
		default:
			d.RatingRaw = firstText(rating.get("alternateName")) // "three and a half stars"
		}
	} else if s := firstText(r.get("reviewRating")); s != "" {
		d.RatingRaw = s
	}
	return d
}

// text renders a property value as one line of plain text.
func text(v any) string {
	switch v := v.(type) {
	case string:
		return collapseSpace(html.UnescapeString(v))
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case node:
		if s, ok := v["@value"]; ok {
			return text(s)
		}
		return text(v["name"])
	case []any:
		for _, item := range v {
			if s := text(item); s != "" {
				return s
			}
		}
	}
	return ""
}

// bodyText renders the first non-empty reviewBody-like value as plain
// text lines.
func bodyText(values ...any) string {
	for _, v := range values {
		if list, ok := v.([]any); ok && len(list) > 0 {
			v = list[0]
		}
		if s, ok := v.(string); ok {
			if text := BodyText(s); text != "" {
				return text
			}
		}
	}
	return ""
}

func firstText(values ...any) string {
	for _, v := range values {
		if s := text(v); s != "" {
			return s
		}
	}
	return ""
}

// names joins the names of the people or organisations in v: a string, an
// object with a name, or a list of either.
func names(g *graph, v any) string {
	var out []string
	seen := make(map[string]bool)
	var add func(v any, depth int)
	add = func(v any, depth int) {
		if depth > 4 {
			return
		}
		v = g.resolve(v)
		switch v := v.(type) {
		case []any:
			for _, item := range v {
				add(item, depth+1)
			}
		case node:
			name := text(v["name"])
			if name == "" {
				name = strings.TrimSpace(text(v["givenName"]) + " " + text(v["familyName"]))
			}
			if name != "" && !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		default:
			if name := text(v); name != "" && !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	add(v, 0)
	return strings.Join(out, ", ")
}

// number reads a schema.org number, stated as a JSON number or a string
// ("3.5", "3,5"). It returns the text it read when that is not a number.
func number(v any) (*float64, string) {
	s := text(v)
	if s == "" {
		return nil, ""
	}
	candidate := s
	if strings.Count(candidate, ",") == 1 && !strings.Contains(candidate, ".") {
		candidate = strings.Replace(candidate, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(candidate, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, s
	}
	return &f, s
}

var yearPattern = regexp.MustCompile(`\b(18[89]\d|19\d\d|20\d\d|2100)\b`)

func yearOf(values ...any) int {
	for _, v := range values {
		if m, ok := v.(node); ok {
			v = firstText(m["startDate"], m["datePublished"])
		}
		if y := yearPattern.FindString(text(v)); y != "" {
			n, _ := strconv.Atoi(y)
			return n
		}
	}
	return 0
}

var imdbPattern = regexp.MustCompile(`imdb\.com/title/(tt\d{5,10})`)

func imdbID(values ...any) string {
	for _, v := range values {
		var candidates []any
		if list, ok := v.([]any); ok {
			candidates = list
		} else {
			candidates = []any{v}
		}
		for _, c := range candidates {
			s, _ := c.(string)
			if m := imdbPattern.FindStringSubmatch(s); m != nil {
				return m[1]
			}
		}
	}
	return ""
}

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
	"January 2, 2006",
	"2 January 2006",
	"Jan 2, 2006",
}

func parseDate(s string) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return &t
		}
	}
	return nil
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// jsonLDNodes decodes every <script type="application/ld+json"> on the
// page. A script that is not valid JSON, even after removing the comment
// and CDATA wrappers some CMSs add, is ignored.
func jsonLDNodes(doc *html.Node) *graph {
	g := newGraph()
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode || n.DataAtom != atom.Script {
			return true
		}
		mediaType, _, _ := strings.Cut(strings.ToLower(attr(n, "type")), ";")
		if strings.TrimSpace(mediaType) != "application/ld+json" {
			return false
		}
		var src strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				src.WriteString(c.Data)
			}
		}
		if v, ok := decodeJSONLD(src.String()); ok {
			g.add(v, nil, 0)
		}
		return false
	})
	return g
}

func decodeJSONLD(src string) (any, bool) {
	src = strings.TrimSpace(src)
	for _, wrapper := range [][2]string{{"<!--", "-->"}, {"//<![CDATA[", "//]]>"}, {"<![CDATA[", "]]>"}} {
		src = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(src, wrapper[0]), wrapper[1]))
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(src)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	return v, true
}

// microdataNodes converts the page's top-level microdata items to the
// JSON-LD shape.
func microdataNodes(doc *html.Node) *graph {
	g := newGraph()
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode || !hasAttr(n, "itemscope") {
			return true
		}
		if !hasAttr(n, "itemprop") {
			g.add(microdataItem(n, 0), nil, 0)
		}
		return false
	})
	return g
}

func microdataItem(scope *html.Node, depth int) node {
	item := node{}
	if types := strings.Fields(attr(scope, "itemtype")); len(types) > 0 {
		list := make([]any, 0, len(types))
		for _, t := range types {
			t = strings.TrimRight(t, "/")
			list = append(list, t[strings.LastIndex(t, "/")+1:])
		}
		item["@type"] = list
	}
	if id := attr(scope, "itemid"); id != "" {
		item["@id"] = id
	}
	for c := scope.FirstChild; c != nil; c = c.NextSibling {
		walk(c, func(n *html.Node) bool {
			if n.Type != html.ElementNode {
				return false
			}
			props := strings.Fields(attr(n, "itemprop"))
			isScope := hasAttr(n, "itemscope")
			if len(props) > 0 {
				var value any
				switch {
				case isScope && depth < maxNodeDepth:
					value = microdataItem(n, depth+1)
				case isScope:
					value = nil
				default:
					value = microdataValue(n)
				}
				if value != nil {
					for _, p := range props {
						addProperty(item, p, value)
					}
				}
			}
			// Properties inside a nested item belong to that item.
			return !isScope
		})
	}
	return item
}

func addProperty(item node, name string, value any) {
	switch existing := item[name].(type) {
	case nil:
		item[name] = value
	case []any:
		item[name] = append(existing, value)
	default:
		item[name] = []any{existing, value}
	}
}

// microdataValue is a property's value as the microdata spec defines it,
// plus the content attribute on any element, which many sites use on
// spans.
func microdataValue(n *html.Node) any {
	switch n.DataAtom {
	case atom.Meta:
		return attr(n, "content")
	case atom.A, atom.Area, atom.Link:
		return attr(n, "href")
	case atom.Img, atom.Audio, atom.Video, atom.Source, atom.Embed, atom.Iframe, atom.Track:
		return attr(n, "src")
	case atom.Object:
		return attr(n, "data")
	case atom.Data, atom.Meter:
		return attr(n, "value")
	case atom.Time:
		if dt := attr(n, "datetime"); dt != "" {
			return dt
		}
	}
	if content, ok := attrOK(n, "content"); ok {
		return content
	}
	var buf bytes.Buffer
	if err := html.Render(&buf, n); err != nil {
		return ""
	}
	return FragmentText(buf.String())
}

// walk visits n and its descendants in document order, iteratively;
// visit returns whether to descend into the node's children.
func walk(n *html.Node, visit func(*html.Node) bool) {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !visit(cur) {
			continue
		}
		for c := cur.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasAttr(n *html.Node, key string) bool {
	_, ok := attrOK(n, key)
	return ok
}
