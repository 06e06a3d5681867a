package server

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestOpenAPIGolden pins the served OpenAPI document, so that a change to
// the API's description is a reviewed change to testdata/openapi.golden.json
// (go test ./internal/server -run OpenAPIGolden -update rewrites it).
func TestOpenAPIGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := jsonEncode(&buf, buildOpenAPI()); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "openapi.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("the OpenAPI document differs from %s; if the change is meant, run go test ./internal/server -run OpenAPIGolden -update", golden)
	}
}
