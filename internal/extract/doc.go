// Package extract turns a Document into a Review: the facts the review
// states. Extract is a pure function of the Document. Metadata the
// container states (Headline, Author, Published, FilmTitle, FilmYear,
// Director, the ratings) always wins over what is read from the text.
//
// # Layout (layout.go)
//
// Text and Markdown documents are whole scraped pages. Lines are sorted by
// shape: a star line ("★★★★★"); a headline, which is the first line only
// when it is short (≤160 characters, ≤25 words), does not end like a
// sentence, and has text after it, so a page whose first line is already
// a long body paragraph has no headline; byline lines ("By Jane Doe",
// "Review by …", "— Jane Doe"); date lines; header bullet lists ("- handle",
// "- Jul 23", "- 5 min read"); a spoiler warning (a short line that warns of
// spoilers or says the review "may reveal … of the plot"; "spoiler-free"
// and "no spoilers" are not warnings); and widget text (share and comment
// buttons, "Related", "Tags:", "Posted in", "©" lines, "Loading…"), which
// leaves the body wherever it stands, and the trailing block of short
// lines that starts with such a marker is cut as a whole. A headline is
// kept as written, a bracketed column tag included ("[Nic’s Flix] …"); the
// tag is a column name, not the Publication, which only the container
// states. The standfirst (first body paragraph) stays in the body: it is
// the critic's or editor's summary of the verdict.
//
// # Author and date
//
// Author: the container's, else a byline line, else a standfirst naming the
// reviewer ("Section Editor Nic Chang reviews …": the capitalised words
// right before "reviews", after any job title), else a bare account handle
// from the header bullets: a handle names the page's poster, who may not
// be the critic, so it is the last resort. Published: the container's,
// else a header date line that states a year ("July 23, 2024", "23 July
// 2024", "2024-07-23"); "Jul 23" is recognised as a date line, so it leaves
// the body, but yields no date. No date is ever taken from body prose.
//
// # Body, sentences and hash
//
// The body is split into sentences by splitSentences (split.go), a one-pass
// splitter that uses the abbreviation and sentence-starter lists of the
// Punkt English model of github.com/neurosnap/sentences, loaded once; the
// Punkt tokenizer itself is 0.9 ms per review, twice the whole budget.
// Words counts tokens with a letter or digit. ContentHash is the SHA-256 of
// the body normalised by NFKC, lowercase, unified quotes and dashes, no
// Markdown emphasis, collapsed whitespace: the same review read from
// another format, or with other line ends, hashes the same.
//
// # Film, director, credits
//
// The film title is the best-scoring title-cased phrase in the places
// critics put a title (see film.go for the scores): "Sean Baker’s Anora",
// "In Anora,", "Anora (2024)", "spoilers of Anora", "reviews … Anora",
// "Anora is a film…", headline forms "<Title> review", "Review: <Title>".
// Characters and actors ("Ani (Mikey Madison)"), places and award names
// never qualify. The year is read only from "(2024)" right after the title.
// Credits come from package credit. Director: the container's, else a
// director credit, else "directed by X", "director X", "X’s <Title>",
// "In <Title>, X <verb>", else the surname a critic uses for the maker's
// work ("Baker’s direction") expanded to the full name found in the text.
//
// # Facts (facts.go)
//
// Rating: RatingRaw via rating.Parse, else RatingValue via
// rating.FromSchema, else rating.Find over the text. Runtime: a minute
// count of at least 40 tied to the film ("138-minute runtime", "runs 138
// minutes", "Runtime: 138 min", "2h 18m", "2 hours and 18 minutes"); "5 min
// read", "the final minutes" and "a 10-minute scene" are not runtimes.
// Release dates: in sentences with a release verb, each clause pairs its
// dates with the region ("in the UK", "US theaters") or platform ("on
// Netflix"; Region holds the platform, as ReleaseDate has no other field)
// it names; dates are ISO only when they state their year, else kept as
// written; a weekday alone counts only next to a venue ("opens in theaters
// Friday"). Awards: award names as written, with a count and a role
// ("five-time Oscar winner", "BAFTA-nominated"), deduplicated in order of
// appearance, headline first; "Oscar Isaac" is a person.
//
// # Mentioned films (mentions.go)
//
// Precision first: titles in a list after a filmography or comparison cue
// ("Known for A and B", "populated A, B, and C", "echoes of", "comparisons
// to", "like A and B"), before a comparison suffix ("Uncut Gems-inspired",
// "Pretty Woman/Cinderella-esque"), before "(year)", in Markdown emphasis,
// and from ingest's Extra["mentioned_films"]. The film itself, people,
// characters, places, awards and story archetypes are excluded: in "a
// Cinderella story" Cinderella names a fairy tale, not a film.
//
// # Language
//
// Language is language.Detect on the body's first ~2,000 characters;
// Scorable is true for English only.
package extract
