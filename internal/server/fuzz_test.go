package server

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/marquee-film/marquee/internal/ingest"
)

// FuzzRequestUploads feeds hostile bodies and Content-Types to the ingest
// request parser and reads every upload through ingest: a bad request must
// end in a client error, never in a panic or an internal error.
func FuzzRequestUploads(f *testing.F) {
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	mw.WriteField("text", "A small invented review of a small invented film.")
	fw, _ := mw.CreateFormFile("files", "a.md")
	fw.Write([]byte("---\ntitle: x\n---\nbody"))
	mw.Close()
	f.Add(mw.FormDataContentType(), form.Bytes())
	f.Add("text/plain", []byte("Plain review text."))
	f.Add("application/json", []byte(`{"text": "x", "film": "<script>"}`))
	f.Add("multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"../../etc\"\r\n\r\n\x00\x01\r\n--x--"))
	f.Add("multipart/form-data", []byte("no boundary"))
	f.Add("text/plain; charset=\"", []byte{0xff, 0xfe, 0})
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/api/ingest", bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.Body = http.MaxBytesReader(rec, req.Body, 4<<10)
		uploads, err := requestUploads(req, 4<<10)
		if err != nil {
			if status, _ := statusOf(err); status >= 500 {
				t.Fatalf("internal error for a bad request: %v", err)
			}
			return
		}
		for _, up := range uploads {
			err := ingest.Read(context.Background(), ingest.Input{Path: ingest.StdinPath}, up.r, nil, func(ingest.Item) error { return nil })
			if err != nil {
				t.Fatalf("read %s: %v", up.name, err)
			}
		}
	})
}
