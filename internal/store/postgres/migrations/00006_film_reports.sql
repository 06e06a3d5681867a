-- Built film reports, so that showing a film reads one instead of building
-- it from every review (package filmreport decides what a report holds and
-- when it is out of date). A report is a head and pages of its review
-- list: a page of a film with thousands of reviews reads a few kilobytes.

-- +goose Up
CREATE TABLE film_reports (
    film_id  bigint      PRIMARY KEY REFERENCES films (id) ON DELETE CASCADE,
    key      text        NOT NULL,
    head     bytea       NOT NULL,
    pages    integer     NOT NULL CHECK (pages >= 0),
    built_at timestamptz NOT NULL
);

CREATE TABLE film_report_pages (
    film_id bigint  NOT NULL REFERENCES film_reports (film_id) ON DELETE CASCADE,
    page    integer NOT NULL CHECK (page >= 0),
    body    bytea   NOT NULL,
    PRIMARY KEY (film_id, page)
);

-- +goose Down
DROP TABLE film_report_pages;
DROP TABLE film_reports;
