package feed

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkParse reads an RSS feed of 20 items of about 1 KB of HTML
// content each, the shape of a review blog's feed.
func BenchmarkParse(b *testing.B) {
	var feed strings.Builder
	feed.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench Reviews</title>`)
	paragraph := "<p>The film is patient, handsome and slightly too long; its lead performance carries the slow middle stretch &amp; the ending lands.</p>"
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&feed, `<item><title>Review %d</title><link>https://bench.example/%d</link><dc:creator>Critic %d</dc:creator><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate><category>Rating: 3/5</category><content:encoded><![CDATA[%s]]></content:encoded></item>`,
			i, i, i, strings.Repeat(paragraph, 8))
	}
	feed.WriteString(`</channel></rss>`)
	data := feed.String()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		docs, err := Parse(strings.NewReader(data), "bench.xml")
		if err != nil || len(docs) != 20 {
			b.Fatalf("got %d docs, err %v", len(docs), err)
		}
	}
}
