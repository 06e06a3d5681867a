package server

import (
	"container/list"
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/marquee-film/marquee/internal/store"
)

// searchCache keeps the hits of recent searches, least recently used out
// first. A full-text search of a common word ranks every review that has
// it, tens to hundreds of milliseconds on a large database, and readers
// repeat searches (the words of the day's films); the key holds the
// store's state, so a write makes every entry miss.
type searchCache struct {
	max int

	mu      sync.Mutex
	entries map[searchKey]*list.Element
	order   *list.List // of *searchEntry, most recently used first

	running singleflight.Group
}

type searchKey struct {
	query   string
	limit   int
	version store.Stats
}

type searchEntry struct {
	key  searchKey
	hits []store.Hit
}

// maxCachedSearches bounds the cache: a search's hits take a few
// kilobytes.
const maxCachedSearches = 4096

func newSearchCache(max int) *searchCache {
	return &searchCache{max: max, entries: map[searchKey]*list.Element{}, order: list.New()}
}

// search returns the hits of key's query, from the cache (cached is
// true) or from run, once for concurrent requests of one key. The hits are
// shared: callers must not modify them.
func (c *searchCache) search(ctx context.Context, key searchKey, run func(context.Context) ([]store.Hit, error)) (hits []store.Hit, cached bool, err error) {
	if hits, ok := c.get(key); ok {
		return hits, true, nil
	}
	flight := fmt.Sprintf("%d %d/%d %s", key.limit, key.version.Reviews, key.version.Films, key.query)
	v, err, _ := c.running.Do(flight, func() (any, error) {
		hits, err := run(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		c.put(key, hits)
		return hits, nil
	})
	if err != nil {
		return nil, false, err
	}
	return v.([]store.Hit), false, nil
}

func (c *searchCache) get(key searchKey) ([]store.Hit, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*searchEntry).hits, true
}

func (c *searchCache) put(key searchKey, hits []store.Hit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.entries[key] = c.order.PushFront(&searchEntry{key: key, hits: hits})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*searchEntry).key)
	}
}

func (c *searchCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
