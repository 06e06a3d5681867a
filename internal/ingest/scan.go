package ingest

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Scan expands paths into the inputs to read. A file is taken as it is
// (even a hidden one, since it was named), a directory is walked
// recursively in name order, skipping hidden entries (".git" and the like),
// and StdinPath stands for standard input. Symbolic links are followed,
// but a link back to a directory being walked is reported as a loop, and a
// file or directory reached a second time is read only once.
//
// Anything that cannot be read is a Skip; the error is the context's.
func Scan(ctx context.Context, paths []string) (inputs []Input, skips []Skip, err error) {
	sc := &scanner{ctx: ctx, seenFiles: make(map[string]string), seenDirs: make(map[string]string)}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if p == StdinPath {
			sc.inputs = append(sc.inputs, Input{Path: StdinPath})
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			sc.skip(p, "unreadable: %v", unwrapPathError(err))
			continue
		}
		if info.IsDir() {
			if err := sc.walk(p, nil); err != nil {
				return nil, nil, err
			}
			continue
		}
		sc.addFile(p, info)
	}
	return sc.inputs, sc.skips, nil
}

type scanner struct {
	ctx       context.Context
	inputs    []Input
	skips     []Skip
	seenFiles map[string]string // real path -> path first seen as
	seenDirs  map[string]string
}

func (sc *scanner) skip(source, format string, args ...any) {
	sc.skips = append(sc.skips, Skip{Source: source, Reason: fmt.Sprintf(format, args...)})
}

// walk adds the files under dir. ancestors holds the real paths of the
// directories being walked above it, to tell a symlink loop.
func (sc *scanner) walk(dir string, ancestors []string) error {
	if err := sc.ctx.Err(); err != nil {
		return err
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		sc.skip(dir, "unreadable directory: %v", unwrapPathError(err))
		return nil
	}
	if real, err = filepath.Abs(real); err != nil {
		sc.skip(dir, "unreadable directory: %v", err)
		return nil
	}
	if slices.Contains(ancestors, real) {
		sc.skip(dir, "symlink loop: leads back to %s", sc.seenDirs[real])
		return nil
	}
	if first, seen := sc.seenDirs[real]; seen {
		sc.skip(dir, "duplicate: the same directory as %s", first)
		return nil
	}
	sc.seenDirs[real] = dir
	entries, err := os.ReadDir(dir)
	if err != nil {
		// ReadDir returns what it read before the error; go on with that.
		sc.skip(dir, "unreadable directory: %v", unwrapPathError(err))
	}
	ancestors = append(ancestors, real)
	// Real entries first, then symbolic links, so that a file or directory
	// reachable both ways is read under its own path.
	slices.SortStableFunc(entries, func(a, b fs.DirEntry) int {
		return cmpBool(a.Type()&fs.ModeSymlink != 0, b.Type()&fs.ModeSymlink != 0)
	})
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		info, err := os.Stat(path) // follows symlinks
		if err != nil {
			if e.Type()&fs.ModeSymlink != 0 {
				sc.skip(path, "broken symlink: %v", unwrapPathError(err))
			} else {
				sc.skip(path, "unreadable: %v", unwrapPathError(err))
			}
			continue
		}
		switch {
		case info.IsDir():
			if err := sc.walk(path, ancestors); err != nil {
				return err
			}
		case info.Mode().IsRegular() && isProjectDoc(e.Name()):
			sc.skip(path, "not a review: a README, licence or changelog in a walked directory")
		case info.Mode().IsRegular():
			sc.addFile(path, info)
		default:
			sc.skip(path, "not a regular file (%s)", info.Mode().Type())
		}
	}
	return nil
}

func (sc *scanner) addFile(path string, info fs.FileInfo) {
	if !info.Mode().IsRegular() {
		// A pipe named on the command line, as from <(zcat x.gz): it has no
		// real path to compare, and no size.
		sc.inputs = append(sc.inputs, Input{Path: path})
		return
	}
	real, err := filepath.EvalSymlinks(path)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err != nil {
		sc.skip(path, "unreadable: %v", unwrapPathError(err))
		return
	}
	if first, seen := sc.seenFiles[real]; seen {
		sc.skip(path, "duplicate: the same file as %s", first)
		return
	}
	sc.seenFiles[real] = path
	sc.inputs = append(sc.inputs, Input{Path: path, Size: info.Size()})
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// isProjectDoc tells the files that folders of reviews often carry beside
// them (README.md, LICENSE, CHANGELOG) and that would otherwise be read as
// Markdown or text reviews. They are left out only when a directory is
// walked: a file named on the command line is read whatever its name.
func isProjectDoc(name string) bool {
	base := strings.ToUpper(strings.TrimSuffix(name, filepath.Ext(name)))
	switch base {
	case "README", "LICENSE", "LICENCE", "CHANGELOG", "COPYING", "NOTICE", "AUTHORS":
		return true
	}
	return false
}
