package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The TMDB 5000 credits CSV (tmdb_5000_credits.csv, the companion of the
// movies CSV in Kaggle's "TMDB 5000 Movie Dataset") has one row per movie:
// movie_id, title, and cast and crew as JSON lists —
//
//	cast: {"cast_id", "character", "credit_id", "gender", "id", "name", "order"}
//	crew: {"credit_id", "department", "gender", "id", "job", "name"}
//
// where id is the person's TMDB id.

// MovieCredits is one row of the TMDB credits CSV.
type MovieCredits struct {
	TMDBID int
	// TitleID is the catalogue-qualified id of the movie, "tmdb:19995",
	// as Title.ID has it.
	TitleID string
	Title   string
	Cast    []CastCredit
	Crew    []CrewCredit
}

// CastCredit is one member of a movie's cast.
type CastCredit struct {
	PersonID  int
	Name      string
	Character string
	Order     int
}

// CrewCredit is one member of a movie's crew.
type CrewCredit struct {
	PersonID   int
	Name       string
	Job        string
	Department string
}

// ReadTMDBCredits streams a TMDB credits CSV (gzipped or not) to fn. Cast
// and crew members without a name are left out; a row whose lists are not
// JSON is a bad row.
func ReadTMDBCredits(ctx context.Context, r io.Reader, opts Options, fn func(MovieCredits) error) (Stats, error) {
	return readCSV(ctx, r, []string{"movie_id", "cast", "crew"}, opts, func(rec []string, index map[string]int) (rowOutcome, error) {
		m, err := parseTMDBCredits(rec, index)
		if err != nil {
			return rowBad, err
		}
		return rowKept, fn(m)
	})
}

func parseTMDBCredits(rec []string, index map[string]int) (MovieCredits, error) {
	get := func(col string) string {
		if i, ok := index[col]; ok {
			return strings.TrimSpace(validText([]byte(rec[i])))
		}
		return ""
	}
	id, err := strconv.Atoi(get("movie_id"))
	if err != nil || id <= 0 {
		return MovieCredits{}, fmt.Errorf("movie_id %.20q is not a positive integer", get("movie_id"))
	}
	m := MovieCredits{TMDBID: id, TitleID: "tmdb:" + strconv.Itoa(id), Title: get("title")}
	var cast []struct {
		ID        json.Number `json:"id"`
		Name      string      `json:"name"`
		Character string      `json:"character"`
		Order     json.Number `json:"order"`
	}
	if err := decodeList(get("cast"), &cast); err != nil {
		return MovieCredits{}, fmt.Errorf("parse cast: %w", err)
	}
	for _, c := range cast {
		name := strings.TrimSpace(c.Name)
		if name == "" {
			continue
		}
		person, err := personID(c.ID)
		if err != nil {
			return MovieCredits{}, fmt.Errorf("cast member %.40q: %w", name, err)
		}
		order, err := optionalNumber(c.Order)
		if err != nil {
			return MovieCredits{}, fmt.Errorf("cast member %.40q: order: %w", name, err)
		}
		m.Cast = append(m.Cast, CastCredit{PersonID: person, Name: name, Character: strings.TrimSpace(c.Character), Order: order})
	}
	var crew []struct {
		ID         json.Number `json:"id"`
		Name       string      `json:"name"`
		Job        string      `json:"job"`
		Department string      `json:"department"`
	}
	if err := decodeList(get("crew"), &crew); err != nil {
		return MovieCredits{}, fmt.Errorf("parse crew: %w", err)
	}
	for _, c := range crew {
		name := strings.TrimSpace(c.Name)
		if name == "" {
			continue
		}
		person, err := personID(c.ID)
		if err != nil {
			return MovieCredits{}, fmt.Errorf("crew member %.40q: %w", name, err)
		}
		m.Crew = append(m.Crew, CrewCredit{PersonID: person, Name: name, Job: strings.TrimSpace(c.Job), Department: strings.TrimSpace(c.Department)})
	}
	return m, nil
}

// decodeList reads a JSON list cell; an empty cell is an empty list.
func decodeList(cell string, v any) error {
	if cell == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(cell), v); err != nil {
		return fmt.Errorf("%.40q is not a JSON list of objects: %w", cell, err)
	}
	return nil
}

func personID(n json.Number) (int, error) {
	id, err := strconv.Atoi(n.String())
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("person id %.20q is not a positive integer", n.String())
	}
	return id, nil
}

func optionalNumber(n json.Number) (int, error) {
	if n == "" {
		return 0, nil
	}
	v, err := strconv.Atoi(n.String())
	if err != nil {
		return 0, fmt.Errorf("%.20q is not an integer", n.String())
	}
	if v < 0 {
		return 0, fmt.Errorf("%d is negative", v)
	}
	return v, nil
}
