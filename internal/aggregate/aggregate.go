// Package aggregate turns a film's reviews into the film's report: what the
// critics' ratings and Marquee's reading of their texts add up to, with an
// honest interval, the verdicts, how each aspect of the film fares, a
// spoiler-free consensus and pull quotes, the films critics compare it to,
// and the credits the reviews state with the facts they disagree on, each
// with the reviews it came from. It is pure: no I/O.
package aggregate

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/marquee-film/marquee/internal/resolve"
	"github.com/marquee-film/marquee/internal/review"
	"github.com/marquee-film/marquee/internal/score"
)

// FilmReport is the per-film picture. Its JSON names are the public contract
// of `marquee film --json`: fields are only ever added.
type FilmReport struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Year     int    `json:"year,omitempty"`
	Director string `json:"director,omitempty"`
	// Reviews is the number of reviews; the reviews themselves are in
	// ReviewList.
	Reviews int `json:"reviews"`
	// Rated counts reviews that carry the critic's own rating;
	// MeanRating is the mean of their normalised 0-100 scores.
	Rated      int      `json:"rated"`
	MeanRating *float64 `json:"mean_rating"`

	// Score is the film's 0-100 score: the mean of one score per review,
	// where a review contributes the critic's own rating (Rating.Score)
	// when it has one, else Marquee's inferred Score; a review with
	// neither does not count. Nil when no review counts.
	Score *float64 `json:"score"`
	// ScoreInterval is a 95% interval [low, high] for Score that widens
	// when reviews are few (see scoreInterval); nil with Score.
	ScoreInterval []float64 `json:"score_interval"`
	// ScoreBasis says how many reviews contributed which kind of score.
	ScoreBasis ScoreBasis `json:"score_basis"`
	// Verdict is Score's verdict with the scorer's thresholds (see
	// verdictOf); empty
	// when Score is nil.
	Verdict string `json:"verdict,omitempty"`
	// PositiveShare is the share of scored reviews whose verdict is
	// positive (0-1); nil when none is scored. A review's verdict follows
	// its score's source: the critic's rating by the thresholds, else the
	// scorer's inferred Verdict.
	PositiveShare *float64 `json:"positive_share"`
	Counts        Counts   `json:"counts"`
	// Histogram has ten bins of ten points over the scored reviews; the
	// last bin holds 90 to 100 inclusive.
	Histogram []Bin `json:"histogram"`
	// Aspects rolls up the reviews' aspects (acting, direction, …).
	Aspects map[string]FilmAspect `json:"aspects"`
	// Consensus is one to three sentences of the reviews, spoiler-free,
	// that say what the majority of critics say (see selectConsensus).
	Consensus []ConsensusSentence `json:"consensus"`
	Quotes    []Quote             `json:"quotes"`
	// ComparedTo lists the other films the reviews mention, the most
	// often mentioned first.
	ComparedTo []Mention    `json:"compared_to"`
	Credits    []FilmCredit `json:"credits"`
	// Conflicts are facts the reviews disagree on: cast (one character,
	// two actors; one actor, two characters), runtime and director.
	Conflicts  []FilmConflict `json:"conflicts"`
	ReviewList []ReviewSketch `json:"review_list"`

	// Catalog is the catalogue title the film is linked to; absent when
	// none is (see BuildWithCatalogue).
	Catalog *CatalogRef `json:"catalog,omitempty"`
	// RuntimeMinutes is the catalogue's runtime when no review states
	// one; the reviews' own runtimes are compared in Conflicts.
	RuntimeMinutes int `json:"runtime_minutes,omitempty"`
	// FactSources names where Year, Director and RuntimeMinutes came from
	// when the catalogue supplied them ("year": "catalog:imdb:tt…");
	// absent facts came from the reviews.
	FactSources map[string]string `json:"fact_sources,omitempty"`
}

// ScoreBasis counts the scored reviews by where their score came from.
type ScoreBasis struct {
	OwnRating int `json:"own_rating"`
	Inferred  int `json:"inferred"`
}

// Counts counts the scored reviews by verdict.
type Counts struct {
	Positive int `json:"positive"`
	Mixed    int `json:"mixed"`
	Negative int `json:"negative"`
}

// Bin is one bar of the score histogram: scores in [From, To).
type Bin struct {
	From  int `json:"from"`
	To    int `json:"to"`
	Count int `json:"count"`
}

// FilmAspect is how the reviews that discuss one aspect judge it.
type FilmAspect struct {
	// Polarity is the mean, over the reviews that discuss the aspect, of
	// each review's mean sentence polarity on it (-1 to 1).
	Polarity  float64 `json:"polarity"`
	Reviews   int     `json:"reviews"`
	Sentences int     `json:"sentences"`
	// Label is "praised" when Polarity ≥ 0.2 and at least two thirds of
	// those reviews lean positive, "criticised" for the mirror image,
	// else "mixed".
	Label string `json:"label"`
}

// Aspect labels.
const (
	LabelPraised    = "praised"
	LabelMixed      = "mixed"
	LabelCriticised = "criticised"
)

// ConsensusSentence is a sentence of the consensus and the review it is from.
type ConsensusSentence struct {
	Text     string  `json:"text"`
	ReviewID int64   `json:"review_id"`
	Polarity float64 `json:"polarity"`
}

// Mention is a film the reviews compare this one to.
type Mention struct {
	Title   string `json:"title"`
	Reviews int    `json:"reviews"`
}

// FilmCredit is one person-character (or person-crew role) pair with every
// spelling seen and the reviews that state it.
type FilmCredit struct {
	Person            string   `json:"person"`
	PersonVariants    []string `json:"person_variants"`
	Character         string   `json:"character,omitempty"`
	CharacterVariants []string `json:"character_variants"`
	Role              string   `json:"role"`
	Sources           []int64  `json:"sources"` // review IDs
	// CatalogSources names the catalogue ("catalog:imdb:tt…") when its
	// cast list states the credit too; its spelling is then among the
	// variants.
	CatalogSources []string `json:"catalog_sources,omitempty"`
}

// FilmConflict is a fact the reviews disagree on.
type FilmConflict struct {
	Kind    string   `json:"kind"`
	Subject string   `json:"subject"`
	Values  []string `json:"values"`
	Sources []int64  `json:"sources"` // review IDs
	// ValueSources says which reviews state each value.
	ValueSources map[string][]int64 `json:"value_sources"`
	// CatalogSources and ValueCatalogSources name the catalogue when it
	// states one of the values.
	CatalogSources      []string            `json:"catalog_sources,omitempty"`
	ValueCatalogSources map[string][]string `json:"value_catalog_sources,omitempty"`
}

// Conflict kinds for the scalar facts; cast conflicts use resolve's kinds.
const (
	ConflictRuntime  = "runtime_minutes"
	ConflictDirector = "director"
)

// ReviewSketch is the line a film report shows for one review.
type ReviewSketch struct {
	ID          int64          `json:"id"`
	Source      string         `json:"source"`
	Headline    string         `json:"headline,omitempty"`
	Author      string         `json:"author,omitempty"`
	Publication string         `json:"publication,omitempty"`
	Published   *string        `json:"published"`
	Rating      *review.Rating `json:"rating"`
	// Score is what the review contributes to the film's score, Verdict
	// its verdict, ScoreBasis "own_rating" or "inferred"; all empty for a
	// review that does not count.
	Score      *float64 `json:"score"`
	Verdict    string   `json:"verdict,omitempty"`
	ScoreBasis string   `json:"score_basis,omitempty"`
	// URL, InferredScore and Confidence are the review's own (its
	// Score and Confidence: Marquee's reading of the text), so that a
	// list of a film's reviews can be shown from the report alone.
	URL           string   `json:"url,omitempty"`
	InferredScore *float64 `json:"inferred_score,omitempty"`
	Confidence    *float64 `json:"confidence,omitempty"`
}

// aspectOther is the scorer's bucket for sentences about no aspect; it
// says nothing about the film, so the report leaves it out.
const aspectOther = score.AspectOther

// Build makes the report of one film from its reviews. Review IDs name the
// reviews in sources, quotes and conflicts, so they should be distinct.
func Build(id int64, title string, year int, director string, reviews []*review.Review) FilmReport {
	return BuildWithCatalogue(id, title, year, director, reviews, nil)
}

// BuildWithCatalogue is Build for a film linked to a catalogue title: the
// report names the title, takes the year, director and runtime from it
// when no review states them, and counts its cast and crew as one more
// source of credits (see credits). A nil cat is Build.
func BuildWithCatalogue(id int64, title string, year int, director string, reviews []*review.Review, cat *Catalogue) FilmReport {
	reviews = slices.DeleteFunc(slices.Clone(reviews), func(r *review.Review) bool { return r == nil })
	rep := FilmReport{
		ID: id, Title: title, Year: year, Director: director, Reviews: len(reviews),
		Histogram: make([]Bin, 10), Aspects: map[string]FilmAspect{},
		Consensus: []ConsensusSentence{}, Quotes: []Quote{}, ComparedTo: []Mention{},
		Credits: []FilmCredit{}, Conflicts: []FilmConflict{}, ReviewList: []ReviewSketch{},
	}
	for i := range rep.Histogram {
		rep.Histogram[i] = Bin{From: 10 * i, To: 10 * (i + 1)}
	}

	var ratingSum float64
	var scores []float64
	verdicts := make([]string, len(reviews))
	for i, r := range reviews {
		sketch := ReviewSketch{
			ID: r.ID, Source: r.Source, Headline: r.Headline, Author: r.Author,
			Publication: r.Publication, Published: r.Published, Rating: r.Rating,
			URL: r.URL, InferredScore: r.Score, Confidence: r.Confidence,
		}
		if r.Rating != nil {
			rep.Rated++
			ratingSum += r.Rating.Score
		}
		if s, ok := scoreOf(r); ok {
			scores = append(scores, s.score)
			verdicts[i] = s.verdict
			v := s.score
			sketch.Score, sketch.Verdict, sketch.ScoreBasis = &v, s.verdict, s.basis
			if s.basis == BasisOwnRating {
				rep.ScoreBasis.OwnRating++
			} else {
				rep.ScoreBasis.Inferred++
			}
			switch s.verdict {
			case Positive:
				rep.Counts.Positive++
			case Negative:
				rep.Counts.Negative++
			default:
				rep.Counts.Mixed++
			}
			rep.Histogram[min(int(s.score/10), 9)].Count++
		}
		rep.ReviewList = append(rep.ReviewList, sketch)
	}
	if rep.Rated > 0 {
		mean := ratingSum / float64(rep.Rated)
		rep.MeanRating = &mean
	}
	if len(scores) > 0 {
		mean, low, high := scoreInterval(scores)
		mean = round(mean, 1)
		share := round(float64(rep.Counts.Positive)/float64(len(scores)), 3)
		rep.Score, rep.PositiveShare = &mean, &share
		rep.ScoreInterval = []float64{round(low, 1), round(high, 1)}
		rep.Verdict = verdictOf(mean)
	}

	rep.Aspects = filmAspects(reviews)
	rep.ComparedTo = comparedTo(title, reviews)
	rep.Credits, rep.Conflicts = credits(reviews, cat)
	if cat != nil {
		applyCatalogue(&rep, reviews, cat)
	}

	film := filmWords{title: sentenceWords(title), characters: map[string]bool{}}
	if director == "" {
		for _, r := range reviews {
			if r.Director != nil && *r.Director != "" {
				director = *r.Director
				break
			}
		}
	}
	if w := sentenceWords(director); len(w) > 0 {
		film.director = w[len(w)-1]
	}
	film.people = map[string]bool{}
	var characterList []string
	for _, c := range rep.Credits {
		characterList = append(characterList, c.CharacterVariants...)
		for _, p := range c.PersonVariants {
			if w := sentenceWords(p); len(w) > 0 {
				film.people[w[len(w)-1]] = true
			}
		}
	}
	shared := sharedCharacterWords(characterList)
	bodies := make([]body, len(reviews))
	for i, r := range reviews {
		names := characterNames(r, shared)
		bodies[i] = readBody(r, names)
		for name := range names.own {
			film.characters[name] = true
		}
	}
	// The shared words count as the film's characters unless every
	// review's title holds them.
	titles := map[string][]string{}
	for _, r := range reviews {
		if _, ok := titles[r.Film.Title]; !ok {
			titles[r.Film.Title] = sentenceWords(r.Film.Title)
		}
	}
	for w := range shared {
		for _, words := range titles {
			if !slices.Contains(words, w) {
				film.characters[w] = true
				break
			}
		}
	}
	cands := candidates(reviews, bodies, film)
	majority := majorityVerdict(rep.Counts)
	used := map[string]bool{}
	for _, c := range selectConsensus(cands, verdicts, majority) {
		used[c.text] = true
		rep.Consensus = append(rep.Consensus, ConsensusSentence{Text: c.text, ReviewID: reviews[c.review].ID, Polarity: c.polarity})
	}
	for _, c := range selectQuotes(cands, verdicts, majority, used) {
		r := reviews[c.review]
		rep.Quotes = append(rep.Quotes, Quote{Text: c.text, ReviewID: r.ID, Author: r.Author, Publication: r.Publication, Polarity: c.polarity})
	}
	return rep
}

// filmAspects averages each aspect over the reviews that discuss it. The
// "other" bucket is left out.
func filmAspects(reviews []*review.Review) map[string]FilmAspect {
	type sum struct {
		polarity          float64
		reviews, leansPos int
		leansNeg          int
		sentences         int
	}
	sums := map[string]*sum{}
	for _, r := range reviews {
		for name, a := range r.Aspects {
			if name == aspectOther || a.Sentences <= 0 || !finite(a.Polarity) {
				continue
			}
			s := sums[name]
			if s == nil {
				s = &sum{}
				sums[name] = s
			}
			s.polarity += a.Polarity
			s.reviews++
			s.sentences += a.Sentences
			switch {
			case a.Polarity > 0:
				s.leansPos++
			case a.Polarity < 0:
				s.leansNeg++
			}
		}
	}
	out := make(map[string]FilmAspect, len(sums))
	for name, s := range sums {
		mean := s.polarity / float64(s.reviews)
		label := LabelMixed
		switch {
		case mean >= minPolarity && 3*s.leansPos >= 2*s.reviews:
			label = LabelPraised
		case mean <= -minPolarity && 3*s.leansNeg >= 2*s.reviews:
			label = LabelCriticised
		}
		out[name] = FilmAspect{Polarity: round(mean, 3), Reviews: s.reviews, Sentences: s.sentences, Label: label}
	}
	return out
}

// comparedTo counts, per other film, the reviews that mention it. Titles
// are grouped by resolve.FilmKey and shown in their most frequent spelling
// (ties: the first seen); the film itself (its title or any review's
// title for it, by FilmKey or TitleMatches) is left out. Ordered by
// reviews, then title.
func comparedTo(title string, reviews []*review.Review) []Mention {
	// Titles repeat across reviews, and FilmKey is not cheap: compare each
	// distinct spelling once.
	selves := []string{}
	seenSelf := map[string]bool{}
	for _, t := range append([]string{title}, filmTitles(reviews)...) {
		if t != "" && !seenSelf[t] {
			seenSelf[t] = true
			selves = append(selves, t)
		}
	}
	selfKeys := make([]string, len(selves))
	for i, s := range selves {
		selfKeys[i] = resolve.FilmKey(s)
	}
	selfMemo := map[string]bool{}
	isSelf := func(t string) bool {
		if v, ok := selfMemo[t]; ok {
			return v
		}
		key, self := resolve.FilmKey(t), false
		for i, s := range selves {
			if selfKeys[i] == key || resolve.TitleMatches(s, t) {
				self = true
				break
			}
		}
		selfMemo[t] = self
		return self
	}
	type group struct {
		reviews   int
		spellings map[string]int
		first     []string
	}
	groups := map[string]*group{}
	keyMemo := map[string]string{}
	var keys []string
	for _, r := range reviews {
		seen := map[string]bool{}
		for _, m := range r.MentionedFilms {
			m = strings.Join(strings.Fields(m), " ")
			if m == "" || isSelf(m) {
				continue
			}
			key, ok := keyMemo[m]
			if !ok {
				key = resolve.FilmKey(m)
				keyMemo[m] = key
			}
			if key == "" {
				continue
			}
			g := groups[key]
			if g == nil {
				g = &group{spellings: map[string]int{}}
				groups[key] = g
				keys = append(keys, key)
			}
			if _, ok := g.spellings[m]; !ok {
				g.first = append(g.first, m)
			}
			g.spellings[m]++
			if !seen[key] {
				seen[key] = true
				g.reviews++
			}
		}
	}
	out := make([]Mention, 0, len(keys))
	for _, key := range keys {
		g := groups[key]
		best := g.first[0]
		for _, s := range g.first[1:] {
			if g.spellings[s] > g.spellings[best] {
				best = s
			}
		}
		out = append(out, Mention{Title: best, Reviews: g.reviews})
	}
	slices.SortFunc(out, func(a, b Mention) int {
		if a.Reviews != b.Reviews {
			return b.Reviews - a.Reviews
		}
		return cmp.Compare(a.Title, b.Title)
	})
	return out
}

// credits clusters the credits of all reviews with resolve.ClusterCredits
// and lists the facts they disagree on: resolve's cast conflicts, then
// runtime and director (directors compared as people, so "Baker" and
// "Sean Baker" agree).
//
// A catalogue counts as one more source, under catalogueSource: its
// spellings join the clusters the reviews' credits form (without
// regrouping them: resolve.ClusterCreditsWithReference), and its values
// the conflicts.
// Credits only the catalogue states are left out (the report lists what
// critics wrote), as are conflicts only within the catalogue.
func credits(reviews []*review.Review, cat *Catalogue) ([]FilmCredit, []FilmConflict) {
	var in, ref []resolve.SourcedCredit
	runtimes, directors := map[int64]string{}, map[int64]string{}
	var directorNames []string
	label := ""
	if cat != nil {
		label = cat.Label()
		for _, c := range cat.Credits {
			ref = append(ref, resolve.SourcedCredit{ReviewID: catalogueSource, Person: c.Person, Character: c.Character, Role: c.Role})
		}
		if cat.RuntimeMinutes > 0 {
			runtimes[catalogueSource] = strconv.Itoa(cat.RuntimeMinutes)
		}
		// Several directors are a team, not a disagreement.
		if len(cat.Directors) == 1 && strings.TrimSpace(cat.Directors[0]) != "" {
			directorNames = append(directorNames, strings.TrimSpace(cat.Directors[0]))
		}
	}
	for _, r := range reviews {
		for _, c := range r.Credits {
			in = append(in, resolve.SourcedCredit{ReviewID: r.ID, Person: c.Person, Character: c.Character, Role: c.Role})
		}
		if r.RuntimeMinutes != nil && *r.RuntimeMinutes > 0 {
			runtimes[r.ID] = strconv.Itoa(*r.RuntimeMinutes)
		}
		if r.Director != nil && strings.TrimSpace(*r.Director) != "" {
			directorNames = append(directorNames, strings.TrimSpace(*r.Director))
		}
	}
	// Name each director by the fullest spelling of the same person. A
	// film's reviews repeat a few spellings thousands of times: each
	// distinct one is compared, parsed and named once.
	var spellings []string
	seen := map[string]bool{}
	for _, name := range directorNames {
		if !seen[name] {
			seen[name] = true
			spellings = append(spellings, name)
		}
	}
	same := resolve.NewPersonMatcher()
	named := map[string]string{}
	canonical := func(name string) string {
		if best, ok := named[name]; ok {
			return best
		}
		best := name
		for _, other := range spellings {
			if len(other) > len(best) && same.Same(name, other) {
				best = other
			}
		}
		named[name] = best
		return best
	}
	for _, r := range reviews {
		if r.Director != nil && strings.TrimSpace(*r.Director) != "" {
			directors[r.ID] = canonical(strings.TrimSpace(*r.Director))
		}
	}
	if cat != nil && len(cat.Directors) == 1 && strings.TrimSpace(cat.Directors[0]) != "" {
		directors[catalogueSource] = canonical(strings.TrimSpace(cat.Directors[0]))
	}

	var clusters resolve.Clusters
	if cat == nil {
		clusters = resolve.ClusterCredits(in)
	} else {
		clusters = resolve.ClusterCreditsWithReference(in, ref)
	}
	out := make([]FilmCredit, 0, len(clusters.Credits))
	for _, c := range clusters.Credits {
		role := c.Role
		if role == "" {
			role = "actor"
		}
		sources, fromCatalogue := splitSources(c.Sources, cat != nil)
		if len(sources) == 0 && fromCatalogue {
			continue
		}
		fc := FilmCredit{
			Person: c.Person, PersonVariants: nonNil(c.PersonVariants),
			Character: c.Character, CharacterVariants: nonNil(c.CharacterVariants),
			Role: role, Sources: nonNil(sources),
		}
		if fromCatalogue {
			fc.CatalogSources = []string{label}
		}
		out = append(out, fc)
	}
	conflicts := make([]FilmConflict, 0, len(clusters.Conflicts)+2)
	for _, c := range clusters.Conflicts {
		if fc, ok := filmConflictFrom(c, cat); ok {
			conflicts = append(conflicts, fc)
		}
	}
	for _, c := range []*resolve.Conflict{
		resolve.ScalarConflicts(ConflictRuntime, runtimes),
		resolve.ScalarConflicts(ConflictDirector, directors),
	} {
		if c == nil {
			continue
		}
		if fc, ok := filmConflictFrom(*c, cat); ok {
			conflicts = append(conflicts, fc)
		}
	}
	return out, conflicts
}

func filmConflict(c resolve.Conflict) FilmConflict {
	vs := c.ValueSources
	if vs == nil {
		vs = map[string][]int64{}
	}
	return FilmConflict{Kind: c.Kind, Subject: c.Subject, Values: nonNil(c.Values), Sources: nonNil(c.Sources), ValueSources: vs}
}

func filmTitles(reviews []*review.Review) []string {
	out := make([]string, 0, len(reviews))
	for _, r := range reviews {
		out = append(out, r.Film.Title)
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
