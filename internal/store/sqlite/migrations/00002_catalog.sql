-- A film catalogue (IMDb's datasets, TMDB's CSV) beside the reviews, and
-- the links from films to it. Nothing here is needed to store or report
-- reviews: without a catalogue the tables stay empty.

-- +goose Up

-- One row per catalogue title. id is qualified by its source
-- ("imdb:tt0000001", "tmdb:19995"); directors and genres are JSON lists of
-- strings. directors comes from the title's director credits when the
-- catalogue has them.
CREATE TABLE catalog_titles (
    id              TEXT    PRIMARY KEY,
    source          TEXT    NOT NULL,
    title_type      TEXT    NOT NULL DEFAULT '',
    title           TEXT    NOT NULL,
    original_title  TEXT    NOT NULL DEFAULT '',
    year            INTEGER NOT NULL DEFAULT 0,
    runtime_minutes INTEGER NOT NULL DEFAULT 0,
    directors       TEXT    NOT NULL DEFAULT '[]',
    genres          TEXT    NOT NULL DEFAULT '[]'
) WITHOUT ROWID;
CREATE INDEX catalog_titles_source ON catalog_titles (source);

-- The keys a title is found under: its title and original title as
-- store.NormalizeTitle makes them, the key films are grouped by, so that
-- finding a film's candidates is one index lookup.
CREATE TABLE catalog_title_keys (
    norm_title TEXT NOT NULL,
    title_id   TEXT NOT NULL REFERENCES catalog_titles (id) ON DELETE CASCADE,
    PRIMARY KEY (norm_title, title_id)
) WITHOUT ROWID;
CREATE INDEX catalog_title_keys_title ON catalog_title_keys (title_id);

-- People by catalogue-qualified id ("imdb:nm0000001"). Credits refer to
-- them without a foreign key: IMDb ships the names after the credits.
CREATE TABLE catalog_people (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
) WITHOUT ROWID;

-- A title's credits in the catalogue's order. category is IMDb's
-- (actor, actress, director, writer, …) or the crew role of a TMDB job.
CREATE TABLE catalog_credits (
    title_id  TEXT    NOT NULL REFERENCES catalog_titles (id) ON DELETE CASCADE,
    ordering  INTEGER NOT NULL,
    person_id TEXT    NOT NULL,
    category  TEXT    NOT NULL,
    job       TEXT    NOT NULL DEFAULT '',
    character TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (title_id, ordering)
) WITHOUT ROWID;

-- A film's link to at most one title per source. Links go with their film
-- when regrouping deletes it, and are recomputed whenever a film's reviews
-- change and after every catalogue import.
CREATE TABLE film_catalog (
    film_id  INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    source   TEXT    NOT NULL,
    title_id TEXT    NOT NULL REFERENCES catalog_titles (id) ON DELETE CASCADE,
    PRIMARY KEY (film_id, source)
) WITHOUT ROWID;
CREATE INDEX film_catalog_title ON film_catalog (title_id);

-- +goose Down
DROP TABLE film_catalog;
DROP TABLE catalog_credits;
DROP TABLE catalog_people;
DROP TABLE catalog_title_keys;
DROP TABLE catalog_titles;
