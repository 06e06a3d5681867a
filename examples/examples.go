// Package examples embeds the example reviews in this directory, written by
// the Marquee authors, so that `marquee demo` needs nothing but the binary.
package examples

import (
	"embed"
	"io/fs"
)

//go:embed all:*
var files embed.FS

// FS holds the example review files. It also holds this Go file and
// README.md, which describe the examples; the demo leaves them out.
var FS fs.FS = files
