-- A film's summary (its review count, rated count, mean rating and newest
-- review) read every review row of the film, most of a film page once
-- reports are saved. With the rating and the time in the film's index
-- entries it is an index-only scan (on pages VACUUM has marked all
-- visible). Building the index holds writes to reviews for its duration.

-- +goose Up
DROP INDEX reviews_film;
CREATE INDEX reviews_film ON reviews (film_id, film_title, film_year, director) INCLUDE (rating_score, created_at);

-- +goose Down
DROP INDEX reviews_film;
CREATE INDEX reviews_film ON reviews (film_id, film_title, film_year, director);
