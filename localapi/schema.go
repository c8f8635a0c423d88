package localapi

import (
	"encoding/json"
	"reflect"
	"strings"
	"unicode"

	"github.com/invopop/jsonschema"
)

// schemaSet reflects the JSON Schemas of the API's bodies once each and names them
// for the OpenAPI document's components.
type schemaSet struct {
	r    *jsonschema.Reflector
	defs jsonschema.Definitions
}

func newSchemas() *schemaSet {
	r := &jsonschema.Reflector{
		// Type names as schema names: postInput → PostInput, wire.Post → Post.
		Namer: func(t reflect.Type) string { return exportedName(t.Name()) },
	}
	return &schemaSet{r: r, defs: jsonschema.Definitions{}}
}

// exportedName capitalises a Go type name.
func exportedName(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// ref reflects v's type (and the types it holds) and returns its $ref.
func (s *schemaSet) ref(v any) string {
	sch := s.r.Reflect(v)
	for name, d := range sch.Definitions {
		s.defs[name] = d
	}
	return componentRef(sch.Ref)
}

// components are the reflected schemas, their references pointing into the document's
// components instead of a $defs of their own.
func (s *schemaSet) components() map[string]any {
	raw, err := json.Marshal(s.defs)
	if err != nil {
		panic("localapi: marshal schemas: " + err.Error()) // the types are ours: a bug
	}
	var out map[string]any
	if err := json.Unmarshal([]byte(componentRef(string(raw))), &out); err != nil {
		panic("localapi: read schemas back: " + err.Error())
	}
	return out
}

// componentRef rewrites the reflector's "#/$defs/X" references to "#/components/schemas/X".
func componentRef(s string) string {
	return strings.ReplaceAll(s, "#/$defs/", "#/components/schemas/")
}
