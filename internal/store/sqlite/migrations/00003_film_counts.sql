-- How many of a film's reviews state each title, year and director. A
-- film's shown title, year and director are the most common of these, and
-- recounting them from the reviews on every write made each batch cost as
-- much as the largest film it touched: a million-review ingest slowed down
-- as its popular films grew. Counts kept here let a batch add its own
-- reviews and read a handful of rows instead.

-- +goose Up
-- value has no declared type, so it keeps what it is given: a title that
-- looks like a number ("1917") stays text, a year stays an integer.
CREATE TABLE film_counts (
    film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    field   TEXT    NOT NULL CHECK (field IN ('title', 'year', 'director')),
    value           NOT NULL,
    n       INTEGER NOT NULL CHECK (n > 0),
    PRIMARY KEY (film_id, field, value)
) WITHOUT ROWID;

INSERT INTO film_counts (film_id, field, value, n)
SELECT film_id, 'title', film_title, count(*) FROM reviews WHERE film_id IS NOT NULL GROUP BY film_id, film_title;
INSERT INTO film_counts (film_id, field, value, n)
SELECT film_id, 'year', film_year, count(*) FROM reviews WHERE film_id IS NOT NULL AND film_year > 0 GROUP BY film_id, film_year;
INSERT INTO film_counts (film_id, field, value, n)
SELECT film_id, 'director', director, count(*) FROM reviews WHERE film_id IS NOT NULL AND director <> '' GROUP BY film_id, director;

-- +goose Down
DROP TABLE film_counts;
