package localapi

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// apiVersion is the version of the local API announced in the OpenAPI document.
const apiVersion = "1.0.0"

var pathParamRE = regexp.MustCompile(`\{([a-z_]+)\}`)

// openAPIDoc builds the OpenAPI 3.1 document from the route table: every body and
// answer type is described by a JSON Schema (2020-12, as OpenAPI 3.1 uses) reflected
// from the Go type the handler encodes or decodes, so the two cannot drift apart.
func openAPIDoc() map[string]any {
	schemas := newSchemas()
	paths := map[string]map[string]any{}
	for _, rt := range routes() {
		if paths[rt.path] == nil {
			paths[rt.path] = map[string]any{}
		}
		paths[rt.path][strings.ToLower(rt.method)] = operation(rt, schemas)
	}
	components := schemas.components()
	components["Error"] = errorSchema()
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Webox Social local API", "version": apiVersion,
			"description": "REST API on 127.0.0.1 driving the running Webox Social app, with the seed's field names."},
		"servers": []any{map[string]any{"url": "http://127.0.0.1:8765"}},
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas":         components,
		},
		"security": []any{map[string]any{"bearer": []any{}}},
	}
}

func operation(rt route, schemas *schemaSet) map[string]any {
	success := map[string]any{"description": http.StatusText(rt.status)}
	if rt.out != nil {
		success["content"] = jsonContent(schemas.ref(rt.out))
	}
	op := map[string]any{
		"summary":     rt.summary,
		"operationId": operationID(rt),
		"responses": map[string]any{
			strconv.Itoa(rt.status): success,
			"default":               map[string]any{"description": "Error", "content": jsonContent("#/components/schemas/Error")},
		},
	}
	if rt.path == openPath {
		op["security"] = []any{}
	}
	if params := parameters(rt); params != nil {
		op["parameters"] = params
	}
	if rt.in != nil {
		op["requestBody"] = map[string]any{"required": true, "content": jsonContent(schemas.ref(rt.in))}
	}
	return op
}

// parameters are the route's path parameters and documented query parameters.
func parameters(rt route) []any {
	var params []any
	for _, m := range pathParamRE.FindAllStringSubmatch(rt.path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true,
			"schema": map[string]any{"type": "string"}})
	}
	for _, q := range rt.query {
		params = append(params, map[string]any{"name": q.name, "in": "query", "description": q.about,
			"schema": map[string]any{"type": "string"}})
	}
	return params
}

func operationID(rt route) string {
	p := strings.NewReplacer("/api/social/", "", "/api/", "", "{", "", "}", "", "/", "_", "-", "_", ".", "_").Replace(rt.path)
	return strings.ToLower(rt.method) + "_" + p
}

func jsonContent(ref string) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": ref}}}
}

func errorSchema() map[string]any {
	return map[string]any{
		"type":     "object",
		"required": []any{"error"},
		"properties": map[string]any{"error": map[string]any{
			"type":     "object",
			"required": []any{"code", "message"},
			"properties": map[string]any{
				"code":    map[string]any{"type": "string"},
				"message": map[string]any{"type": "string"},
			},
		}},
	}
}

// served is the document, reflected once: it never changes while the app runs.
var served struct {
	once sync.Once
	doc  map[string]any
}

func (s *server) openAPI(w http.ResponseWriter, _ *http.Request) {
	served.once.Do(func() { served.doc = openAPIDoc() })
	writeJSON(w, http.StatusOK, served.doc)
}
