package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/marquee-film/marquee/internal/ingest/hostile"
	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/store"
)

// Bounds on what one hostile case may cost one marquee process. They are
// there to catch hangs and blow-ups, not to measure speed: a healthy run
// of any case takes a few seconds and a few hundred megabytes (the largest
// inputs are held in memory whole, 20 MB at most, and parsed).
const (
	hostileMaxTime = 30 * time.Second
	hostileMaxRSS  = 768 << 20
)

// hostileFile is one entry a case writes into its input directory.
type hostileFile struct {
	name string // relative to the input directory; may hold a directory
	data []byte
	link string // when set, name is a symbolic link to link instead
}

// wantSkip is a skip a case must report: the source relative to the input
// directory (with its record fragment, if any) and a pattern its reason
// must match from the start.
type wantSkip struct {
	source string
	reason string
}

type hostileCase struct {
	name  string
	files func(t *testing.T) []hostileFile
	skips []wantSkip
	// docs are the keys of the reviews (hostile.Review) the case's files
	// hold: each must come out as a document, stored once. good.txt, a
	// plain review beside the hostile files, is always added.
	docs []string
	// extraArgs are paths named after the input directory.
	extraArgs func(in string) []string
	// forbid are strings that must appear nowhere: not in any output and
	// not in the database files.
	forbid []string
}

// hostileEnv is what the cases share: a canary server that counts every
// request (reading a file must never fetch anything) and a secret file
// that external entities point at.
type hostileEnv struct {
	canary   string
	requests *atomic.Int64
	secret   string
	marker   string
	passwd   string // the first line of /etc/passwd, "" when unreadable
}

func newHostileEnv(t *testing.T) *hostileEnv {
	env := &hostileEnv{requests: new(atomic.Int64), marker: "CANARY-SECRET-7f3a9c"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		env.requests.Add(1)
		t.Errorf("a hostile input made marquee fetch %s", r.URL)
		fmt.Fprint(w, "FETCHED-FROM-CANARY")
	}))
	t.Cleanup(srv.Close)
	env.canary = srv.URL
	env.secret = filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(env.secret, []byte(env.marker+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile("/etc/passwd"); err == nil {
		env.passwd, _, _ = strings.Cut(string(b), "\n")
	}
	return env
}

func jsonLine(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func hostileCases(env *hostileEnv) []hostileCase {
	review := hostile.Review
	forbidEntities := []string{env.marker, "FETCHED-FROM-CANARY", strings.Repeat("lol", 20)}
	if env.passwd != "" {
		forbidEntities = append(forbidEntities, env.passwd)
	}
	return []hostileCase{
		{
			name: "binary files",
			files: func(t *testing.T) []hostileFile {
				return []hostileFile{
					{name: "photo.txt", data: hostile.WithMagic("\x89PNG\r\n\x1a\n", 4096, 1)},
					{name: "noise.md", data: hostile.Random(64<<10, 2)},
					{name: "program.html", data: hostile.WithMagic("\x7fELF", 4096, 3)},
					{name: "archive.csv", data: hostile.WithMagic("PK\x03\x04", 4096, 4)},
					{name: "nul.jsonl", data: append(jsonLine(t, map[string]string{"text": review("nul")}), 0, 0, 0)},
					{name: "bells.txt", data: hostile.ControlText(4096)},
				}
			},
			skips: []wantSkip{
				{"photo.txt", `binary file \(PNG image\)`},
				{"noise.md", `binary file`},
				{"program.html", `binary file \(ELF executable\)`},
				{"archive.csv", `binary file \(zip archive\)`},
				{"nul.jsonl", `binary file \(NUL byte at offset`},
				{"bells.txt", `binary file \(\d+% control bytes`},
			},
		},
		{
			name: "invalid UTF-8",
			files: func(t *testing.T) []hostileFile {
				var csv bytes.Buffer
				csv.WriteString("author,text\nIda Lunde,\"Caf\xe9 society, badly encoded\"\n")
				fmt.Fprintf(&csv, "Ida Lunde,%q\n", strings.ReplaceAll(review("utf8-csv"), "\n", " "))
				return []hostileFile{
					{name: "latin1.txt", data: []byte("Caf\xe9 society is a " + review("latin1"))},
					{name: "broken.md", data: []byte("---\ntitle: Broken\n---\nThe \xc3\x28 film. " + review("broken-md"))},
					{name: "bad.jsonl", data: append([]byte("{\"text\":\"bad \xff byte\"}\n"), jsonLine(t, map[string]string{"text": review("utf8-jsonl")})...)},
					{name: "bad.csv", data: csv.Bytes()},
					{name: "bad.html", data: []byte("<html><body><article>\xff\xfe" + hostile.Paragraphs("utf8-html") + "</article></body></html>")},
				}
			},
			skips: []wantSkip{
				{"latin1.txt", `invalid UTF-8 at byte offset 3 \(byte 0xe9\)`},
				{"broken.md", `invalid UTF-8 at byte offset`},
				{"bad.jsonl#line=1", `invalid UTF-8 at byte offset 13 \(byte 0xff\) of line 1`},
				{"bad.csv#row=1", `invalid UTF-8 at byte offset`},
			},
			docs: []string{"utf8-jsonl", "utf8-csv", "utf8-html"},
		},
		{
			name: "UTF-16 with and without BOM",
			files: func(t *testing.T) []hostileFile {
				return []hostileFile{
					{name: "le-bom.txt", data: hostile.UTF16(review("utf16-le-bom"), false, true)},
					{name: "be-bom.txt", data: hostile.UTF16(review("utf16-be-bom"), true, true)},
					{name: "le.txt", data: hostile.UTF16(review("utf16-le"), false, false)},
					{name: "be.txt", data: hostile.UTF16(review("utf16-be"), true, false)},
					{name: "le-bom.jsonl", data: hostile.UTF16(string(jsonLine(t, map[string]string{"text": review("utf16-jsonl")})), false, true)},
					{name: "be.md", data: hostile.UTF16("---\nauthor: Ida Lunde\n---\n"+review("utf16-md"), true, false)},
				}
			},
			docs: []string{"utf16-le-bom", "utf16-be-bom", "utf16-le", "utf16-be", "utf16-jsonl", "utf16-md"},
		},
		{
			name: "empty and whitespace-only",
			files: func(t *testing.T) []hostileFile {
				spaces := bytes.Repeat([]byte(" \t\r\n  \n"), 20<<10)
				return []hostileFile{
					{name: "empty.txt", data: nil},
					{name: "blank.md", data: []byte("  \n\t\n  \r\n")},
					{name: "blank.jsonl", data: []byte("\n\n   \n")},
					{name: "bom.txt", data: []byte("\xef\xbb\xbf")},
					{name: "bom16.txt", data: []byte("\xff\xfe")},
					{name: "spaces.txt", data: spaces},
					{name: "spaces.html", data: spaces},
					{name: "spaces.jsonl", data: spaces},
					{name: "header.csv", data: []byte("author,text\n")},
				}
			},
			skips: []wantSkip{
				{"empty.txt", `empty file$`},
				{"blank.md", `empty file: whitespace only`},
				{"blank.jsonl", `empty file: whitespace only`},
				{"bom.txt", `empty file$`},
				{"bom16.txt", `empty file$`},
				{"spaces.txt", `empty file: whitespace only`},
				{"spaces.html", `html: htmldoc: empty page`},
				{"spaces.jsonl", `no records: the input holds no review`},
				{"header.csv", `no records: the input holds no review`},
			},
		},
		{
			name: "files over the size limits",
			files: func(t *testing.T) []hostileFile {
				words := hostile.Words(21<<20, 5)
				html := append([]byte("<html><body><p>"), words...)
				return []hostileFile{
					{name: "huge.txt", data: words},
					{name: "huge.md", data: words},
					{name: "huge.html", data: html},
					{name: "huge.xml", data: append([]byte("<rss><channel><item><description>"), words...)},
					{name: "huge.json", data: append([]byte(`{"text":"`), words...)},
					// Under the file limit, but no review is 19 MB long.
					{name: "near.txt", data: words[:19<<20]},
					{name: "near.jsonl", data: jsonLine(t, map[string]string{"text": string(words[:19<<20])})},
				}
			},
			skips: []wantSkip{
				{"huge.txt", `too large: 22020096 bytes, the limit for text files is 20971520`},
				{"huge.md", `too large: 22020096 bytes, the limit for Markdown files is 20971520`},
				{"huge.html", `too large: \d+ bytes, the limit for HTML files is 20971520`},
				{"huge.xml", `too large: \d+ bytes, the limit for feed files is 20971520`},
				{"huge.json", `too large: \d+ bytes, the limit for JSON files is 20971520`},
				{"near.txt", `text too long: 19922944 bytes of text, the limit for one review is 2097152`},
				{"near.jsonl#line=1", `text too long: \d+ bytes of text, the limit for one review is 2097152`},
			},
		},
		{
			name: "gzip bombs",
			files: func(t *testing.T) []hostileFile {
				const gig = 1 << 30
				nested := hostile.Gzip(hostile.Gzip([]byte(review("nested-gzip"))))
				whole := hostile.Gzip([]byte(review("corrupt-gzip")))
				return []hostileFile{
					{name: "bomb.txt.gz", data: hostile.GzipBomb(nil, []byte("all work and no play "), gig)},
					{name: "bomb.csv.gz", data: hostile.GzipBomb([]byte("author,text\n"), []byte("\n"), gig)},
					{name: "bomb.jsonl.gz", data: hostile.GzipBomb(nil, []byte("   \n"), gig)},
					{name: "zeros.md.gz", data: hostile.GzipBomb(nil, []byte{0}, gig)},
					{name: "nested.txt.gz", data: nested},
					{name: "corrupt.txt.gz", data: whole[:len(whole)/2]},
					{name: "fine.jsonl.gz", data: hostile.Gzip(jsonLine(t, map[string]string{"text": review("gzipped")}))},
				}
			},
			skips: []wantSkip{
				{"bomb.txt.gz", `too large: more than 20971520 bytes, the limit for text files|gzip bomb suspected`},
				{"bomb.csv.gz", `gzip bomb suspected: \d+ compressed bytes expanded to \d+ \(more than 100x\); rest of input skipped`},
				{"bomb.jsonl.gz", `gzip bomb suspected: `},
				{"zeros.md.gz", `binary file \(NUL byte at offset 0\)`},
				{"nested.txt.gz", `binary file \(gzip inside gzip\)`},
				{"corrupt.txt.gz", `corrupt gzip data: unexpected EOF`},
			},
			docs: []string{"gzipped"},
		},
		{
			name: "HTML nested 100,000 deep",
			files: func(t *testing.T) []hostileFile {
				body := hostile.Paragraphs("deep-jsonld")
				jsonld := "<script type=\"application/ld+json\">" + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "</script>"
				return []hostileFile{
					{name: "divs.html", data: hostile.DeepHTML("div", 100000, hostile.Paragraphs("deep-div"))},
					{name: "italics.html", data: hostile.DeepHTML("i", 100000, hostile.Paragraphs("deep-i"))},
					{name: "tables.html", data: hostile.DeepHTML("table><tr><td", 100000, hostile.Paragraphs("deep-table"))},
					{name: "jsonld.html", data: []byte("<html><head>" + jsonld + "</head><body><article>" + body + "</article></body></html>")},
					{name: "deep.json", data: []byte(strings.Repeat("[", 100000) + strings.Repeat("]", 100000))},
					{name: "deep.xml", data: []byte("<rss version=\"2.0\"><channel><title>Deep</title><item><description>" +
						review("deep-xml") + strings.Repeat("<b>", 100000) + "</description></item></channel></rss>")},
					{name: "deep.md", data: []byte("---\ntitle: " + strings.Repeat("[", 100000) + "\n---\n" + review("deep-md"))},
				}
			},
			skips: []wantSkip{
				{"divs.html", `html: htmldoc: elements nested too deep`},
				{"italics.html", `html: htmldoc: elements nested too deep`},
				{"tables.html", `html: htmldoc: elements nested too deep`},
				{"deep.json", `invalid JSON: .*exceeded max depth`},
				{"deep.md", `malformed front matter: yaml: exceeded max depth`},
			},
			docs: []string{"deep-jsonld", "deep-xml"},
		},
		{
			name: "HTML with a million attributes",
			files: func(t *testing.T) []hostileFile {
				return []hostileFile{
					{name: "million.html", data: hostile.ManyAttributes(1000000, hostile.Paragraphs("attrs-million"))},
					{name: "roots.html", data: hostile.RepeatedRootAttributes(2000, 500, hostile.Paragraphs("attrs-roots"))},
					{name: "spread.html", data: hostile.SpreadAttributes(1000000, 100, hostile.Paragraphs("attrs-spread"))},
					{name: "fine.html", data: hostile.SpreadAttributes(5000, 20, hostile.Paragraphs("attrs-fine"))},
				}
			},
			skips: []wantSkip{
				{"million.html", `html: htmldoc: too many attributes: a <div> element has more than 1000`},
				{"roots.html", `html: htmldoc: too many attributes: a <html> element has more than 1000`},
				{"spread.html", `html: htmldoc: too many attributes: more than 200000 in the page`},
			},
			docs: []string{"attrs-fine"},
		},
		{
			name: "XML entities",
			files: func(t *testing.T) []hostileFile {
				files := []string{env.secret}
				if env.passwd != "" {
					files = append(files, "/etc/passwd")
				}
				laughsYAML := "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
				for i := range 8 {
					x, y := string(rune('a'+i)), string(rune('b'+i))
					laughsYAML += y + ": &" + y + " [" + strings.Repeat("*"+x+", ", 8) + "*" + x + "]\n"
				}
				laughsYAML += "title: *i\nauthor: *i\n---\n" + review("yaml-laughs")
				return []hostileFile{
					{name: "laughs.xml", data: hostile.BillionLaughs(9, review("billion-laughs"))},
					{name: "entities.xml", data: hostile.ExternalEntities(files, env.canary, review("external-entities"))},
					{name: "resources.html", data: hostile.ExternalResources(env.canary, hostile.Paragraphs("external-resources"))},
					{name: "laughs.md", data: []byte(laughsYAML)},
				}
			},
			docs:   []string{"billion-laughs", "external-entities", "external-resources", "yaml-laughs"},
			forbid: forbidEntities,
		},
		{
			name: "CSV with unbalanced quotes and ragged rows",
			files: func(t *testing.T) []hostileFile {
				good := []string{strings.ReplaceAll(review("csv-1"), "\n", " "), review("csv-2")}
				return []hostileFile{
					{name: "ragged.csv", data: hostile.RaggedCSV(good)},
					{name: "open-header.csv", data: []byte("author,\"text\nIda,fine\n")},
				}
			},
			skips: []wantSkip{
				{"ragged.csv#row=2", `ragged row: line 3 has 2 fields, the header has 4`},
				{"ragged.csv#row=3", `ragged row: line 4 has 9 fields, the header has 4`},
				{"ragged.csv#row=4", `malformed CSV on line 5: field 2: quote inside an unquoted field`},
				{"ragged.csv#row=6", `unbalanced quote: the quoted field opened on line 11 never closes`},
				{"ragged.csv#row=7", `ragged row: line 12 has 1 fields, the header has 4`},
				{"ragged.csv#row=8", `ragged row: line 13 has 2 fields, the header has 4`},
				{"open-header.csv", `malformed CSV header: unbalanced quote: the quoted field opened on line 1 never closes`},
			},
			docs: []string{"csv-1", "csv-2"},
		},
		{
			name: "JSON Lines with a 50 MB line",
			files: func(t *testing.T) []hostileFile {
				return []hostileFile{
					{name: "long.jsonl", data: hostile.LongLineJSONL(review("jsonl-before"), review("jsonl-after"), 50<<20)},
					{name: "oneline.jsonl", data: hostile.LongLineJSONL(review("x"), review("y"), 50<<20)[len(jsonLine(t, map[string]string{"text": review("x")})):]},
				}
			},
			skips: []wantSkip{
				{"long.jsonl#line=2", `record too large: line 2 is longer than 20971520 bytes`},
				{"oneline.jsonl#line=1", `record too large: line 1 is longer than 20971520 bytes`},
			},
			docs: []string{"jsonl-before", "jsonl-after", "y"},
		},
		{
			name: "file names with path traversal and control characters",
			files: func(t *testing.T) []hostileFile {
				return []hostileFile{
					{name: "ctrl\x1b[31mred\x07.txt", data: []byte(review("name-escape"))},
					{name: "new\nline.md", data: hostile.WithMagic("\x89PNG\r\n\x1a\n", 64, 6)},
					{name: "carriage\rreturn.txt", data: []byte(review("name-cr"))},
					{name: `review..\..\..\etc\passwd.txt`, data: []byte(review("name-backslash"))},
					{name: "\xff\xfeinvalid.txt", data: []byte(review("name-invalid-utf8"))},
					{name: "\u202etxt.exe.md", data: []byte(review("name-rlo"))},
					{name: "-rf.txt", data: []byte(review("name-dash"))},
					{name: "ext.\x1b]0;owned\x07", data: []byte(review("name-ext"))},
				}
			},
			extraArgs: func(in string) []string {
				return []string{in + "/../" + filepath.Base(in) + "/good.txt", in + "/../../etc/passwd-nonexistent"}
			},
			skips: []wantSkip{
				{"new\nline.md", `binary file \(PNG image\)`},
				{"ext.\x1b]0;owned\x07", "unsupported format: extension .\x1b]0;owned\x07 is not a review format"},
				{"../" + "in" + "/good.txt", `duplicate: the same file as`},
				{"../../etc/passwd-nonexistent", `unreadable: no such file or directory`},
			},
			docs: []string{"name-escape", "name-cr", "name-backslash", "name-invalid-utf8", "name-rlo", "name-dash"},
		},
		{
			name: "directory with a symlink loop",
			files: func(t *testing.T) []hostileFile {
				return []hostileFile{
					{name: "loop", link: "."},
					{name: "sub/up", link: ".."},
					{name: "sub/review.txt", data: []byte(review("symlink-sub"))},
					{name: "sub/again.txt", link: "../good.txt"},
					{name: "self", link: "self"},
					{name: "dangling.txt", link: "missing.txt"},
				}
			},
			skips: []wantSkip{
				{"loop", `symlink loop: leads back to`},
				{"sub/up", `symlink loop: leads back to`},
				{"sub/again.txt", `duplicate: the same file as`},
				{"self", `broken symlink: too many levels of symbolic links`},
				{"dangling.txt", `broken symlink: no such file or directory`},
			},
			docs: []string{"symlink-sub"},
		},
	}
}

// measuredRun is one finished marquee process.
type measuredRun struct {
	stdout, stderr string
	code           int
	elapsed        time.Duration
	maxRSS         int64
}

// runMeasured runs the binary, killing it after twice the time bound so a
// hang fails the case instead of the whole test binary.
func runMeasured(t *testing.T, bin string, args ...string) measuredRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*hostileMaxTime)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+home, "MARQUEE_DB=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start marquee %s: %v", args[0], err)
	}
	done := make(chan struct{})
	peak := make(chan int64, 1)
	go func() { peak <- pollPeakRSS(cmd.Process.Pid, done) }()
	err := cmd.Wait()
	close(done)
	run := measuredRun{stdout: stdout.String(), stderr: stderr.String(), elapsed: time.Since(start), maxRSS: <-peak}
	if ctx.Err() != nil {
		t.Fatalf("marquee %s did not finish within %s", args[0], 2*hostileMaxTime)
	}
	if cmd.ProcessState == nil {
		t.Fatalf("marquee %s: %v", args[0], err)
	}
	run.code = cmd.ProcessState.ExitCode()
	if run.maxRSS == 0 {
		// No /proc: the rusage figure, an overestimate (see pollPeakRSS).
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			run.maxRSS = ru.Maxrss << 10
		}
	}
	return run
}

// pollPeakRSS reads the process's peak resident set size (VmHWM, which
// only grows) every few milliseconds until done, and returns the last
// value read. The rusage a Wait returns would be simpler but is wrong
// here: Go starts children with vfork, and Linux carries the parent's
// own peak over into the child's ru_maxrss at exec, so every child would
// look as large as this test process at its largest. A peak reached in
// the last milliseconds before exit is missed, which a process that
// frees nothing before exiting makes unlikely.
func pollPeakRSS(pid int, done <-chan struct{}) int64 {
	path := fmt.Sprintf("/proc/%d/status", pid)
	var peak int64
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(path); err == nil {
			if _, rest, ok := bytes.Cut(b, []byte("VmHWM:")); ok {
				line, _, _ := bytes.Cut(rest, []byte("\n"))
				var kb int64
				if _, err := fmt.Sscan(string(line), &kb); err == nil {
					peak = max(peak, kb<<10)
				}
			}
		}
		select {
		case <-done:
			return peak
		case <-tick.C:
		}
	}
}

// TestHostileInputs runs marquee ingest and analyze over each case's
// directory: the hostile files beside one good review. Every hostile file
// must come out as a skip with its reason, or as the review it holds; the
// good review must be stored; the process must stay within the time and
// memory bounds and print no raw control characters.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and writes a few hundred megabytes of hostile files")
	}
	bin := buildMarquee(t)
	env := newHostileEnv(t)
	for _, tc := range hostileCases(env) {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "in")
			writeHostileFiles(t, in, append(tc.files(t), hostileFile{name: "good.txt", data: []byte(hostile.Review("good " + tc.name))}))
			args := []string{in}
			if tc.extraArgs != nil {
				args = append(args, tc.extraArgs(in)...)
			}
			wantDocs := append([]string{"good " + tc.name}, tc.docs...)

			db := filepath.Join(dir, "m.db")
			ing := runMeasured(t, bin, append([]string{"ingest", "--db", db}, args...)...)
			t.Logf("ingest: %.1fs, max RSS %d MB", ing.elapsed.Seconds(), ing.maxRSS>>20)
			checkRun(t, "ingest", ing, tc)
			if ing.code != 0 {
				t.Fatalf("ingest exited %d:\n%s", ing.code, ing.stderr)
			}
			checkSkipLines(t, "ingest", ing.stderr, in, tc.skips)
			summary := fmt.Sprintf("ingest: %d added, 0 duplicate, %d skipped\n", len(wantDocs), len(tc.skips))
			if !strings.Contains(ing.stderr, summary) {
				t.Errorf("ingest summary: want %q in\n%s", summary, ing.stderr)
			}
			for _, sk := range tc.skips {
				if !summaryGroups(ing.stderr, sk.reason) {
					t.Errorf("the summary does not group a skip matching %q:\n%s", sk.reason, ing.stderr)
				}
			}
			stored := exportAll(t, db)
			checkDocs(t, "stored", stored, wantDocs)
			if s := findDoc(stored, "good "+tc.name); s != nil && s.Source != filepath.Join(in, "good.txt") {
				t.Errorf("the good review is stored under %q, want %q", s.Source, filepath.Join(in, "good.txt"))
			}
			checkForbidden(t, "database", dbBytes(t, db), tc.forbid)

			an := runMeasured(t, bin, append([]string{"analyze", "--json"}, args...)...)
			t.Logf("analyze: %.1fs, max RSS %d MB", an.elapsed.Seconds(), an.maxRSS>>20)
			checkRun(t, "analyze --json", an, tc)
			if an.code != 0 {
				t.Fatalf("analyze exited %d:\n%s", an.code, an.stderr)
			}
			checkSkipLines(t, "analyze", an.stderr, in, tc.skips)
			// The JSON form has no body to find the keys in, so the analysed
			// reviews are matched to the stored ones by content hash.
			want := map[string]bool{}
			for _, r := range stored {
				want[r.ContentHash] = true
			}
			analysed := decodeReviews(t, an.stdout)
			got := map[string]bool{}
			for _, r := range analysed {
				got[r.ContentHash] = true
			}
			if len(analysed) != len(wantDocs) || !maps.Equal(got, want) {
				t.Errorf("analyze printed %d reviews with hashes %v, want the %d stored ones %v", len(analysed), got, len(wantDocs), want)
			}

			// The human-readable form prints sources and headlines to a
			// terminal.
			human := runMeasured(t, bin, append([]string{"analyze"}, args...)...)
			checkRun(t, "analyze", human, tc)
		})
	}
	if n := env.requests.Load(); n > 0 {
		t.Errorf("hostile inputs made %d requests to the canary server", n)
	}
}

func writeHostileFiles(t *testing.T, in string, files []hostileFile) {
	t.Helper()
	for _, f := range files {
		path := filepath.Join(in, f.name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if f.link != "" {
			err = os.Symlink(f.link, path)
		} else {
			err = os.WriteFile(path, f.data, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// checkRun checks what every run of every case must keep to: time and
// memory bounds, no output that a terminal would take for control
// sequences, nothing forbidden.
func checkRun(t *testing.T, what string, r measuredRun, tc hostileCase) {
	t.Helper()
	if r.elapsed > hostileMaxTime {
		t.Errorf("%s took %s, the bound is %s", what, r.elapsed.Round(time.Millisecond), hostileMaxTime)
	}
	if r.maxRSS > hostileMaxRSS {
		t.Errorf("%s used %d MB at most, the bound is %d MB", what, r.maxRSS>>20, hostileMaxRSS>>20)
	}
	for name, out := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
		if i := strings.IndexFunc(out, isTerminalControl); i >= 0 {
			t.Errorf("%s printed a raw control character %q to %s: %q", what, out[i:i+1], name, out[max(0, i-40):min(len(out), i+40)])
		}
		checkForbidden(t, what+" "+name, []byte(out), tc.forbid)
	}
}

// isTerminalControl reports a rune a terminal would act on: C0 and C1
// controls other than newline and tab, and the bidirectional overrides
// that reorder what is shown.
func isTerminalControl(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || (r >= 0x7f && r < 0xa0):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

func checkForbidden(t *testing.T, where string, data []byte, forbid []string) {
	t.Helper()
	for _, f := range forbid {
		if bytes.Contains(data, []byte(f)) {
			t.Errorf("%s holds %q, which must appear nowhere", where, f)
		}
	}
}

// checkSkipLines wants a "skip SOURCE: REASON" line for every expected
// skip, with the source shown as the commands show it.
func checkSkipLines(t *testing.T, what, stderr, in string, skips []wantSkip) {
	t.Helper()
	for _, sk := range skips {
		source := filepath.Join(in, sk.source)
		if i := strings.IndexByte(sk.source, '#'); i >= 0 {
			source = filepath.Join(in, sk.source[:i]) + sk.source[i:]
		}
		if strings.HasPrefix(sk.source, "../") {
			source = in + "/" + sk.source // as named on the command line
		}
		line := regexp.MustCompile(`(?m)^skip ` + regexp.QuoteMeta(displayLine(source)) + `: (?:` + displayPattern(sk.reason) + `)`)
		if !line.MatchString(stderr) {
			t.Errorf("%s: no skip of %q with a reason matching %q in\n%s", what, source, sk.reason, stderr)
		}
	}
}

// summaryGroups reports whether the ingest summary has a "skipped N: kind"
// line for the kind of a reason pattern (any of its alternatives): the
// literal start of the pattern, cut as reasonKind cuts reasons.
func summaryGroups(stderr, pattern string) bool {
	for _, alt := range strings.Split(pattern, "|") {
		if i := strings.IndexAny(alt, `\()[].*+?$^{`); i >= 0 {
			alt = alt[:i]
		}
		kind := strings.TrimSpace(reasonKind(alt))
		if strings.Contains(stderr, "\n  skipped ") && regexp.MustCompile(`(?m)^  skipped \d+: `+regexp.QuoteMeta(displayLine(kind))+`$`).MatchString(stderr) {
			return true
		}
	}
	return false
}

// displayPattern applies displayText to the literal control characters of
// a reason pattern.
func displayPattern(pattern string) string {
	if !strings.ContainsFunc(pattern, isTerminalControl) {
		return pattern
	}
	return regexp.QuoteMeta(displayLine(pattern))
}

func exportAll(t *testing.T, db string) []*review.Review {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Check(ctx); err != nil {
		t.Errorf("database check: %v", err)
	}
	var all []*review.Review
	if err := st.Export(ctx, func(r *review.Review) error { all = append(all, r); return nil }); err != nil {
		t.Fatal(err)
	}
	return all
}

// findDoc finds the review made from hostile.Review(key).
func findDoc(reviews []*review.Review, key string) *review.Review {
	for _, r := range reviews {
		if strings.Contains(strings.Join(r.Body, " "), "Filed under "+key+".") {
			return r
		}
	}
	return nil
}

func checkDocs(t *testing.T, what string, reviews []*review.Review, keys []string) {
	t.Helper()
	if len(reviews) != len(keys) {
		var sources []string
		for _, r := range reviews {
			sources = append(sources, r.Source)
		}
		t.Errorf("%s %d reviews %q, want %d", what, len(reviews), sources, len(keys))
	}
	for _, k := range keys {
		if findDoc(reviews, k) == nil {
			t.Errorf("%s: no review of %q", what, k)
		}
	}
}

// dbBytes is the database file and its write-ahead log, raw.
func dbBytes(t *testing.T, db string) []byte {
	var all []byte
	for _, p := range []string{db, db + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}
