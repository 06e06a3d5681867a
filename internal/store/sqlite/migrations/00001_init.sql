-- Marquee's first schema: reviews, the films they are grouped into, the
-- credits they state, and a full-text index over them.

-- +goose Up

-- A film is a group of reviews about the same title and year. key is the
-- grouping key computed by store.FilmKey; title, year and director are the
-- values most of its reviews state, refreshed whenever reviews join.
CREATE TABLE films (
    id         INTEGER PRIMARY KEY,
    key        TEXT    NOT NULL UNIQUE,
    norm_title TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    year       INTEGER,
    director   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX films_norm_title ON films (norm_title);

-- One row per distinct review (content_hash). doc holds the review's JSON
-- form, so fields added to review.Review later need no migration; the other
-- columns copy what queries filter, group or search on. film_id is NULL for
-- a review that names no film.
CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    content_hash TEXT    NOT NULL UNIQUE CHECK (content_hash <> ''),
    film_id      INTEGER REFERENCES films (id),
    film_norm    TEXT    NOT NULL,
    film_title   TEXT    NOT NULL,
    film_year    INTEGER NOT NULL DEFAULT 0,
    director     TEXT    NOT NULL DEFAULT '',
    source       TEXT    NOT NULL,
    headline     TEXT    NOT NULL DEFAULT '',
    author       TEXT    NOT NULL DEFAULT '',
    publication  TEXT    NOT NULL DEFAULT '',
    published    TEXT,
    rating_score REAL,
    language     TEXT    NOT NULL DEFAULT '',
    body         TEXT,
    doc          TEXT    NOT NULL,
    created_at   TEXT    NOT NULL
);
-- Covers the film refresh (most common title, year, director) and film lookups.
CREATE INDEX reviews_film ON reviews (film_id, film_title, film_year, director);
CREATE INDEX reviews_film_norm ON reviews (film_norm, film_year, film_id);

-- Credits as each review states them; a later stage reconciles the
-- spellings across a film's reviews.
CREATE TABLE credits (
    review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    person    TEXT    NOT NULL,
    character TEXT    NOT NULL DEFAULT '',
    role      TEXT    NOT NULL,
    PRIMARY KEY (review_id, position)
) WITHOUT ROWID;
CREATE INDEX credits_person ON credits (person);

-- The index reads its text from reviews (external content), so the text is
-- stored once. AddReviews indexes the reviews it inserts with one INSERT per
-- batch, in the batch's transaction: an FTS5 table flushes its pending
-- postings at every statement savepoint, so a per-row trigger would write a
-- tiny index segment per review. The triggers below keep the index in step
-- when stored text changes or a review is deleted.
CREATE VIRTUAL TABLE reviews_fts USING fts5 (
    headline, author, publication, film_title, body,
    content = 'reviews',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Ranking: bm25 weighting the short fields that say what a review is
-- about (headline, film title) above author, publication and body. Column
-- order: headline, author, publication, film_title, body.
INSERT INTO reviews_fts (reviews_fts, rank) VALUES ('rank', 'bm25(4.0, 2.0, 1.0, 4.0, 1.0)');

-- +goose StatementBegin
CREATE TRIGGER reviews_fts_delete AFTER DELETE ON reviews BEGIN
    INSERT INTO reviews_fts (reviews_fts, rowid, headline, author, publication, film_title, body)
    VALUES ('delete', old.id, old.headline, old.author, old.publication, old.film_title, old.body);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER reviews_fts_update AFTER UPDATE OF headline, author, publication, film_title, body ON reviews BEGIN
    INSERT INTO reviews_fts (reviews_fts, rowid, headline, author, publication, film_title, body)
    VALUES ('delete', old.id, old.headline, old.author, old.publication, old.film_title, old.body);
    INSERT INTO reviews_fts (rowid, headline, author, publication, film_title, body)
    VALUES (new.id, new.headline, new.author, new.publication, new.film_title, new.body);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER reviews_fts_update;
DROP TRIGGER reviews_fts_delete;
DROP TABLE reviews_fts;
DROP TABLE credits;
DROP TABLE reviews;
DROP TABLE films;
