package ingest

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestScan(t *testing.T) {
	root := t.TempDir()
	mk := func(rel, body string) {
		t.Helper()
		path := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, []byte(body))
	}
	link := func(target, rel string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(root, rel)); err != nil {
			t.Skipf("symlinks unavailable: %v", err)
		}
	}
	mk("b.txt", "b")
	mk("a.md", "a")
	mk("sub/c.csv", "c")
	mk("sub/deeper/d.jsonl", "d")
	mk(".git/config", "hidden")
	mk("sub/.cache/e.txt", "hidden")
	link("..", "sub/loop")                    // back to root: a loop
	link("../a.md", "sub/same-as-a.md")       // a second path to a file
	link("nowhere.txt", "broken.txt")         // dangling
	link(filepath.Join(root, "sub"), "alias") // a second path to a directory

	explicitHidden := filepath.Join(root, ".git", "config")
	inputs, skips, err := Scan(context.Background(), []string{root, "-", explicitHidden, filepath.Join(root, "missing.txt")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range inputs {
		rel, _ := filepath.Rel(root, in.Path)
		if in.Path == StdinPath {
			rel = StdinPath
		}
		got = append(got, rel)
		if in.Path != StdinPath {
			info, _ := os.Stat(in.Path)
			if in.Size != info.Size() {
				t.Errorf("%s: size %d, want %d", in.Path, in.Size, info.Size())
			}
		}
	}
	want := []string{"a.md", "b.txt", "sub/c.csv", "sub/deeper/d.jsonl", "-", ".git/config"}
	if !slices.Equal(got, want) {
		t.Errorf("inputs = %q, want %q", got, want)
	}
	var reasons []string
	for _, s := range skips {
		rel, _ := filepath.Rel(root, s.Source)
		reasons = append(reasons, rel+": "+s.Reason)
	}
	wantSkips := []string{
		"sub/loop: symlink loop: leads back to " + root,
		"sub/same-as-a.md: duplicate: the same file as " + filepath.Join(root, "a.md"),
		"alias: duplicate: the same directory as " + filepath.Join(root, "sub"),
		"broken.txt: broken symlink: no such file or directory",
		"missing.txt: unreadable: no such file or directory",
	}
	if !slices.Equal(reasons, wantSkips) {
		t.Errorf("skips =\n%s\nwant\n%s", strings.Join(reasons, "\n"), strings.Join(wantSkips, "\n"))
	}
}

func TestScanUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every directory")
	}
	root := t.TempDir()
	locked := filepath.Join(root, "locked")
	if err := os.Mkdir(locked, 0o000); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o755)
	writeFile(t, filepath.Join(root, "ok.txt"), []byte("ok"))
	inputs, skips, err := Scan(context.Background(), []string{root})
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) != 1 || len(skips) != 1 || !strings.HasPrefix(skips[0].Reason, "unreadable directory: ") {
		t.Errorf("inputs %v skips %v; want ok.txt and one unreadable directory", inputs, skips)
	}
}

func TestScanCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := Scan(ctx, []string{t.TempDir()}); err == nil {
		t.Error("Scan with a cancelled context succeeded")
	}
}
