package credit

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ReadMovieLog reads the Frank's Movie Log dataset (reviews.jsonl.gz and
// titles.jsonl.gz in dir) as reviews with their films' credited casts, for
// EvaluateAgainstCast. Review bodies are Markdown: italics markers and
// inline HTML tags are removed (their text kept) before splitting into
// sentences with SplitSentences.
func ReadMovieLog(ctx context.Context, dir string) ([]EvalReview, error) {
	type performer struct {
		Name  string   `json:"name"`
		Roles []string `json:"roles"`
	}
	type title struct {
		IMDbID     string      `json:"imdbId"`
		Title      string      `json:"title"`
		Performers []performer `json:"performers"`
	}
	casts := map[string][]CastMember{}
	titles := map[string]string{}
	err := readJSONLines(ctx, filepath.Join(dir, "titles.jsonl.gz"), func(line []byte) error {
		var t title
		if err := json.Unmarshal(line, &t); err != nil {
			return err
		}
		members := make([]CastMember, 0, len(t.Performers))
		for _, p := range t.Performers {
			members = append(members, CastMember{Person: p.Name, Characters: p.Roles})
		}
		casts[t.IMDbID] = members
		titles[t.IMDbID] = t.Title
		return nil
	})
	if err != nil {
		return nil, err
	}
	type reviewLine struct {
		Slug      string `json:"slug"`
		IMDbID    string `json:"imdb_id"`
		FilmTitle string `json:"film_title"`
		Body      string `json:"body_markdown"`
	}
	var out []EvalReview
	err = readJSONLines(ctx, filepath.Join(dir, "reviews.jsonl.gz"), func(line []byte) error {
		var r reviewLine
		if err := json.Unmarshal(line, &r); err != nil {
			return err
		}
		text := MarkdownToText(r.Body)
		filmTitle := r.FilmTitle
		if filmTitle == "" {
			filmTitle = titles[r.IMDbID]
		}
		out = append(out, EvalReview{
			ID:        r.Slug,
			FilmTitle: filmTitle,
			Text:      text,
			Sentences: SplitSentences(text),
			Cast:      casts[r.IMDbID],
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func readJSONLines(ctx context.Context, path string, each func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := each(sc.Bytes()); err != nil {
			return fmt.Errorf("%s line %d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil && err != io.EOF {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// MarkdownToText turns a review's Markdown into plain text for the
// evaluation: HTML tags are removed but their text kept, entities decoded,
// and the emphasis markers "_" and "*" dropped.
func MarkdownToText(md string) string {
	var b strings.Builder
	b.Grow(len(md))
	for i := 0; i < len(md); {
		c := md[i]
		if c == '<' && i+1 < len(md) && (md[i+1] == '/' || isASCIILetter(md[i+1])) {
			if j := strings.IndexByte(md[i:], '>'); j > 0 {
				i += j + 1
				continue
			}
		}
		if c == '_' || c == '*' {
			i++
			continue
		}
		b.WriteByte(c)
		i++
	}
	return html.UnescapeString(b.String())
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// SplitSentences is a simple sentence splitter for the evaluation: it breaks
// at line ends, and after ".", "!" or "?" (and any closing quotes or
// brackets) followed by a space and a capital, a digit or an opening quote,
// unless the period ends an initial ("J. K. Rowling") or a title
// abbreviation ("Dr. No").
func SplitSentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		start := 0
		for i := 0; i < len(line); i++ {
			c := line[i]
			if c != '.' && c != '!' && c != '?' {
				continue
			}
			j := i + 1
			for j < len(line) && strings.IndexByte(`)]"'`, line[j]) >= 0 {
				j++
			}
			for _, closer := range []string{"”", "’"} {
				if strings.HasPrefix(line[j:], closer) {
					j += len(closer)
				}
			}
			if j >= len(line) || line[j] != ' ' {
				continue
			}
			k := j
			for k < len(line) && line[k] == ' ' {
				k++
			}
			r, _ := utf8.DecodeRuneInString(line[k:])
			if k < len(line) && !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '"' && r != '“' && r != '(' {
				continue
			}
			if c == '.' && endsInAbbreviation(line[start:i]) {
				continue
			}
			if s := strings.TrimSpace(line[start:j]); s != "" {
				out = append(out, s)
			}
			start = k
			i = k - 1
		}
		if s := strings.TrimSpace(line[start:]); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func endsInAbbreviation(s string) bool {
	w := s
	if k := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }); k >= 0 {
		_, n := utf8.DecodeRuneInString(s[k:])
		w = s[k+n:]
	}
	return isInitial(w) || abbreviations[w]
}
