-- A film catalogue (IMDb's datasets, TMDB's CSV) beside the reviews, and
-- the links from films to it: the SQLite backend's tables, with lists as
-- arrays. Nothing here is needed to store or report reviews: without a
-- catalogue the tables stay empty.

-- +goose Up

-- One row per catalogue title. id is qualified by its source
-- ("imdb:tt0000001", "tmdb:19995"). directors comes from the title's
-- director credits when the catalogue has them.
CREATE TABLE catalog_titles (
    id              text    COLLATE "C" PRIMARY KEY,
    source          text    COLLATE "C" NOT NULL,
    title_type      text    NOT NULL DEFAULT '',
    title           text    COLLATE "C" NOT NULL,
    original_title  text    COLLATE "C" NOT NULL DEFAULT '',
    year            integer NOT NULL DEFAULT 0,
    runtime_minutes integer NOT NULL DEFAULT 0,
    directors       text[]  NOT NULL DEFAULT '{}',
    genres          text[]  NOT NULL DEFAULT '{}'
);
CREATE INDEX catalog_titles_source ON catalog_titles (source);

-- The keys a title is found under: its title and original title as
-- store.NormalizeTitle makes them, the key films are grouped by, so that
-- finding a film's candidates is one index lookup.
CREATE TABLE catalog_title_keys (
    norm_title text COLLATE "C" NOT NULL,
    title_id   text COLLATE "C" NOT NULL REFERENCES catalog_titles (id) ON DELETE CASCADE,
    PRIMARY KEY (norm_title, title_id)
);
CREATE INDEX catalog_title_keys_title ON catalog_title_keys (title_id);

-- People by catalogue-qualified id ("imdb:nm0000001"). Credits refer to
-- them without a foreign key: IMDb ships the names after the credits.
CREATE TABLE catalog_people (
    id   text COLLATE "C" PRIMARY KEY,
    name text COLLATE "C" NOT NULL
);

-- A title's credits in the catalogue's order. category is IMDb's
-- (actor, actress, director, writer, …) or the crew role of a TMDB job.
CREATE TABLE catalog_credits (
    title_id  text    COLLATE "C" NOT NULL REFERENCES catalog_titles (id) ON DELETE CASCADE,
    ordering  integer NOT NULL,
    person_id text    COLLATE "C" NOT NULL,
    category  text    NOT NULL,
    job       text    NOT NULL DEFAULT '',
    character text    NOT NULL DEFAULT '',
    PRIMARY KEY (title_id, ordering)
);

-- A film's link to at most one title per source. Links go with their film
-- when regrouping deletes it, and are recomputed whenever a film's reviews
-- change and after every catalogue import.
CREATE TABLE film_catalog (
    film_id  bigint NOT NULL REFERENCES films (id) ON DELETE CASCADE,
    source   text   COLLATE "C" NOT NULL,
    title_id text   COLLATE "C" NOT NULL REFERENCES catalog_titles (id) ON DELETE CASCADE,
    PRIMARY KEY (film_id, source)
);
CREATE INDEX film_catalog_title ON film_catalog (title_id);

-- +goose Down
DROP TABLE film_catalog;
DROP TABLE catalog_credits;
DROP TABLE catalog_people;
DROP TABLE catalog_title_keys;
DROP TABLE catalog_titles;
