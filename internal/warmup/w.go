package warmup

import (
	_ "github.com/adrg/strutil"
	_ "github.com/markusmobius/go-trafilatura"
	_ "github.com/mmcdole/gofeed"
	_ "github.com/neurosnap/sentences"
	_ "github.com/pemistahl/lingua-go"
	_ "github.com/pressly/goose/v3"
	_ "github.com/schollz/progressbar/v3"
	_ "gopkg.in/yaml.v3"
	_ "modernc.org/sqlite"
)
