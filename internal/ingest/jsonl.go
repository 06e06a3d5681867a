package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/marquee-film/marquee/internal/review"
)

// readJSONL reads one JSON object per line. Blank lines are ignored; a
// line that is not a JSON object, or that is longer than MaxRecordSize, is
// skipped and the rest goes on.
func readJSONL(ctx context.Context, r *bufio.Reader, source string, emit func(Item) error) error {
	lr := &lineReader{r: r, limit: MaxRecordSize}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		pl, err := lr.Next(false)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return readFailure(ctx, source, fmt.Errorf("after line %d: %w", lr.line, err))
		}
		recordSource := fmt.Sprintf("%s#line=%d", source, lr.line)
		if pl.tooLong {
			if err := emitSkip(emit, recordSource, "record too large: line %d is longer than %d bytes", lr.line, MaxRecordSize); err != nil {
				return err
			}
			continue
		}
		if isBlank(string(pl.text)) {
			continue
		}
		if err := checkUTF8(pl.text); err != nil {
			if err := emitSkip(emit, recordSource, "%v of line %d (file offset %d)", err, lr.line, lr.offset); err != nil {
				return err
			}
			continue
		}
		if err := emitJSONRecord(emit, pl.text, recordSource, review.FormatJSONL); err != nil {
			return err
		}
	}
}

// readJSON reads a .json file: one object, an array of objects, or, when
// several objects follow each other, JSON Lines under the wrong name.
func readJSON(ctx context.Context, data []byte, source string, emit func(Item) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return skipf(source, "invalid JSON: %s", describeJSONError(err, data))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if _, isObject := top.(map[string]any); isObject {
			return readJSONL(ctx, bufio.NewReader(bytes.NewReader(data)), source, emit)
		}
		return skipf(source, "invalid JSON: data after the top-level value")
	}
	switch v := top.(type) {
	case map[string]any:
		return emitJSONObject(emit, v, source, review.FormatJSONL)
	case []any:
		if len(v) == 0 {
			return skipf(source, "no records: empty JSON array")
		}
		for i, elem := range v {
			if err := ctx.Err(); err != nil {
				return err
			}
			itemSource := fmt.Sprintf("%s#item=%d", source, i+1)
			obj, ok := elem.(map[string]any)
			if !ok {
				if err := emitSkip(emit, itemSource, "not a JSON object: array element %d is %s", i+1, jsonKind(elem)); err != nil {
					return err
				}
				continue
			}
			if err := emitJSONObject(emit, obj, itemSource, review.FormatJSONL); err != nil {
				return err
			}
		}
		return nil
	}
	return skipf(source, "not a JSON object: the top-level value is %s", jsonKind(top))
}

func emitJSONRecord(emit func(Item) error, line []byte, source string, f review.Format) error {
	var v any
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return emitSkip(emit, source, "invalid JSON: %s", describeJSONError(err, line))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return emitSkip(emit, source, "invalid JSON: data after the object")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return emitSkip(emit, source, "not a JSON object: the line holds %s", jsonKind(v))
	}
	return emitJSONObject(emit, obj, source, f)
}

func emitJSONObject(emit func(Item) error, obj map[string]any, source string, f review.Format) error {
	doc := review.Document{Source: source, Format: f}
	applyFields(&doc, jsonFields(obj))
	return emitDoc(emit, doc, "no review text: the object has no text, body, review or quote")
}

// jsonFields flattens an object's members into fields in key order (maps
// have none, and results must be deterministic). Numbers keep their written
// form; arrays of scalars are joined by ", "; nested objects are dropped.
func jsonFields(obj map[string]any) []field {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	fields := make([]field, 0, len(keys))
	for _, k := range keys {
		if v, ok := jsonScalarText(obj[k]); ok {
			fields = append(fields, field{key: k, value: v})
			continue
		}
		if list, ok := obj[k].([]any); ok {
			var parts []string
			for _, item := range list {
				if v, ok := jsonScalarText(item); ok {
					parts = append(parts, v)
				}
			}
			if len(parts) > 0 {
				fields = append(fields, field{key: k, value: strings.Join(parts, ", ")})
			}
		}
	}
	return fields
}

func jsonScalarText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		if v {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	}
	return "an object"
}

// looksLikeJSONObject reports whether line is one complete JSON object.
func looksLikeJSONObject(line []byte) bool {
	line = bytes.TrimSpace(line)
	return len(line) > 1 && line[0] == '{' && json.Valid(line)
}

func describeJSONError(err error, data []byte) string {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return fmt.Sprintf("%v at byte offset %d", syntax, syntax.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Sprintf("unexpected end of data after %d bytes", len(data))
	}
	return err.Error()
}
