package server

import "net/http"

// The OpenAPI 3 description of the API, written as Go values so that the
// compiler checks its shape and a test checks it against the route table.

type openAPIDoc struct {
	OpenAPI    string                          `json:"openapi"`
	Info       openAPIInfo                     `json:"info"`
	Paths      map[string]map[string]operation `json:"paths"`
	Components components                      `json:"components"`
}

type openAPIInfo struct {
	Title       string `json:"title"`
	Version     string `json:"version"`
	Description string `json:"description"`
}

type operation struct {
	Summary     string              `json:"summary"`
	OperationID string              `json:"operationId"`
	Parameters  []parameter         `json:"parameters,omitempty"`
	RequestBody *requestBody        `json:"requestBody,omitempty"`
	Responses   map[string]response `json:"responses"`
	Security    []map[string][]any  `json:"security,omitempty"`
}

type parameter struct {
	Name        string `json:"name"`
	In          string `json:"in"`
	Required    bool   `json:"required,omitempty"`
	Description string `json:"description,omitempty"`
	Schema      schema `json:"schema"`
}

type requestBody struct {
	Required bool                 `json:"required"`
	Content  map[string]mediaType `json:"content"`
}

type response struct {
	Description string               `json:"description"`
	Content     map[string]mediaType `json:"content,omitempty"`
}

type mediaType struct {
	Schema schema `json:"schema"`
}

type schema struct {
	Ref                  string            `json:"$ref,omitempty"`
	Type                 string            `json:"type,omitempty"`
	Format               string            `json:"format,omitempty"`
	Enum                 []string          `json:"enum,omitempty"`
	Minimum              *float64          `json:"minimum,omitempty"`
	Items                *schema           `json:"items,omitempty"`
	Properties           map[string]schema `json:"properties,omitempty"`
	AdditionalProperties *schema           `json:"additionalProperties,omitempty"`
	Nullable             bool              `json:"nullable,omitempty"`
	Description          string            `json:"description,omitempty"`
}

type components struct {
	Schemas         map[string]schema         `json:"schemas"`
	SecuritySchemes map[string]securityScheme `json:"securitySchemes"`
}

type securityScheme struct {
	Type   string `json:"type"`
	Scheme string `json:"scheme"`
}

func ref(name string) schema { return schema{Ref: "#/components/schemas/" + name} }

func jsonContent(s schema) map[string]mediaType {
	return map[string]mediaType{"application/json": {Schema: s}}
}

func jsonResponse(desc string, s schema) response {
	return response{Description: desc, Content: jsonContent(s)}
}

var one = 1.0

func intParam(name, desc string) parameter {
	return parameter{Name: name, In: "query", Description: desc, Schema: schema{Type: "integer", Minimum: &one}}
}

func strParam(name, desc string, enum ...string) parameter {
	return parameter{Name: name, In: "query", Description: desc, Schema: schema{Type: "string", Enum: enum}}
}

var (
	idParam     = parameter{Name: "id", In: "path", Required: true, Schema: schema{Type: "integer", Format: "int64", Minimum: &one}}
	pageParams  = []parameter{intParam("limit", "page size (at most 100)"), {Name: "offset", In: "query", Schema: schema{Type: "integer"}}, intParam("page", "1-based page number, instead of offset")}
	errResponse = jsonResponse("error", ref("Error"))
	notModified = response{Description: "not modified (If-None-Match matched the ETag)"}
)

// errorResponses adds the error answers every operation can give.
func errorResponses(ok map[string]response, codes ...string) map[string]response {
	for _, c := range codes {
		ok[c] = errResponse
	}
	return ok
}

// buildOpenAPI describes the API. Paths use ServeMux's {name} wildcards,
// which are OpenAPI's too.
func buildOpenAPI() openAPIDoc {
	obj := schema{Type: "object"}
	reviewsFilter := append([]parameter{idParam,
		strParam("critic", "critic's name contains (case-insensitive)"),
		strParam("publication", "publication's name contains (case-insensitive)"),
		strParam("verdict", "Marquee's verdict", verdicts...),
		{Name: "from", In: "query", Description: "published on or after", Schema: schema{Type: "string", Format: "date"}},
		{Name: "to", In: "query", Description: "published on or before", Schema: schema{Type: "string", Format: "date"}},
		strParam("sort", "order; a leading - reverses it", reviewSorts...),
	}, pageParams...)
	return openAPIDoc{
		OpenAPI: "3.0.3",
		Info: openAPIInfo{
			Title:   "Marquee",
			Version: "1",
			Description: "Film critics' reviews, their extracted facts and Marquee's scores. Reads are public unless the " +
				"server runs with --private; writes need the server's token as a bearer token. Reads carry an ETag " +
				"and answer If-None-Match with 304.",
		},
		Paths: map[string]map[string]operation{
			"/api/films": {"get": {
				Summary: "List films", OperationID: "listFilms",
				Parameters: append([]parameter{strParam("sort", "order of the list", filmSorts...)}, pageParams...),
				Responses:  errorResponses(map[string]response{"200": jsonResponse("a page of films", ref("FilmList")), "304": notModified}, "400"),
			}},
			"/api/films/{id}": {"get": {
				Summary: "A film's report", OperationID: "getFilm", Parameters: []parameter{idParam},
				Responses: errorResponses(map[string]response{"200": jsonResponse("the film report", ref("FilmReport")), "304": notModified}, "404"),
			}},
			"/api/films/{id}/reviews": {"get": {
				Summary: "A film's reviews, filtered and sorted", OperationID: "listFilmReviews", Parameters: reviewsFilter,
				Responses: errorResponses(map[string]response{"200": jsonResponse("a page of reviews", ref("ReviewList")), "304": notModified}, "400", "404"),
			}},
			"/api/reviews/{id}": {"get": {
				Summary: "One review with its body and facts", OperationID: "getReview", Parameters: []parameter{idParam},
				Responses: errorResponses(map[string]response{"200": jsonResponse("the review", ref("Review")), "304": notModified}, "404"),
			}},
			"/api/search": {"get": {
				Summary: "Full-text search", OperationID: "search",
				Parameters: append([]parameter{
					{Name: "q", In: "query", Required: true, Description: `words; "quoted phrases"; word* for prefixes`, Schema: schema{Type: "string"}},
				}, pageParams...),
				Responses: errorResponses(map[string]response{"200": jsonResponse("hits, best first; snippets mark matches with ⟦ ⟧", ref("SearchResult")), "304": notModified}, "400"),
			}},
			"/api/ingest": {"post": {
				Summary: "Add reviews", OperationID: "ingest",
				Security: []map[string][]any{{"bearer": {}}},
				RequestBody: &requestBody{Required: true, Content: map[string]mediaType{
					"text/plain":          {Schema: schema{Type: "string", Description: "one review, or any format marquee ingest reads (sniffed)"}},
					"application/json":    {Schema: schema{Type: "object", Description: "a Document-like object (text, headline, author, film, year, rating, …) or an array of them"}},
					"multipart/form-data": {Schema: schema{Type: "object", Properties: map[string]schema{"text": {Type: "string"}, "files": {Type: "array", Items: &schema{Type: "string", Format: "binary"}}}}},
				}},
				Responses: errorResponses(map[string]response{
					"200": jsonResponse("nothing new was added", ref("IngestSummary")),
					"201": jsonResponse("reviews were added", ref("IngestSummary")),
				}, "400", "401", "403", "413", "415", "429"),
			}},
			"/healthz": {"get": {
				Summary: "Liveness and store health", OperationID: "health",
				Responses: map[string]response{"200": jsonResponse("healthy", obj), "503": jsonResponse("the store does not answer", obj)},
			}},
			"/metrics": {"get": {
				Summary: "Prometheus metrics", OperationID: "metrics",
				Responses: map[string]response{"200": {Description: "Prometheus text format", Content: map[string]mediaType{"text/plain": {Schema: schema{Type: "string"}}}}},
			}},
			"/openapi.json": {"get": {
				Summary: "This document", OperationID: "openapi",
				Responses: map[string]response{"200": jsonResponse("OpenAPI 3 document", obj)},
			}},
		},
		Components: components{
			SecuritySchemes: map[string]securityScheme{"bearer": {Type: "http", Scheme: "bearer"}},
			Schemas: map[string]schema{
				"Error": {Type: "object", Properties: map[string]schema{"error": {Type: "string"}}},
				"FilmList": {Type: "object", Properties: map[string]schema{
					"films": {Type: "array", Items: &schema{Type: "object", Description: "film summary with its score"}},
					"total": {Type: "integer"}, "sort": {Type: "string"}, "limit": {Type: "integer"}, "offset": {Type: "integer"},
				}},
				"FilmReport": {Type: "object", Description: "the film report of `marquee film --json`"},
				"ReviewList": {Type: "object", Properties: map[string]schema{
					"film_id": {Type: "integer"}, "reviews": {Type: "array", Items: &schema{Type: "object"}},
					"total": {Type: "integer"}, "filter": obj, "limit": {Type: "integer"}, "offset": {Type: "integer"},
				}},
				"Review": {Type: "object", Description: "the review of `marquee analyze --json` plus body sentences and spoiler flags"},
				"SearchResult": {Type: "object", Description: "a page of hits; offset + limit is at most 200", Properties: map[string]schema{
					"query": {Type: "string"}, "hits": {Type: "array", Items: &schema{Type: "object"}},
					"limit": {Type: "integer"}, "offset": {Type: "integer"},
					"more": {Type: "boolean", Description: "whether hits past this page may exist"},
				}},
				"IngestSummary": {Type: "object", Properties: map[string]schema{
					"added": {Type: "integer"}, "duplicates": {Type: "integer"}, "skipped": {Type: "integer"},
					"skip_reasons": {Type: "object", AdditionalProperties: &schema{Type: "integer"}},
					"skips":        {Type: "array", Items: &schema{Type: "object"}},
					"ids":          {Type: "array", Items: &schema{Type: "integer"}},
				}},
			},
		},
	}
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, s.openAPIDoc)
}
