package localapi

import (
	"net/http"
	"regexp"
	"strings"
)

// apiVersion is the version of the local API announced in the OpenAPI document.
const apiVersion = "1.0.0"

var pathParamRE = regexp.MustCompile(`\{([a-z_]+)\}`)

// openAPIDoc builds the OpenAPI 3.1 document from the route table.
func openAPIDoc() map[string]any {
	paths := map[string]map[string]any{}
	for _, rt := range routes() {
		if paths[rt.path] == nil {
			paths[rt.path] = map[string]any{}
		}
		paths[rt.path][strings.ToLower(rt.method)] = operation(rt)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Webox Social local API", "version": apiVersion,
			"description": "REST API on 127.0.0.1 driving the running Webox Social app."},
		"servers": []any{map[string]any{"url": "http://127.0.0.1"}},
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas":         map[string]any{"Error": errorSchema()},
		},
		"security": []any{map[string]any{"bearer": []any{}}},
	}
}

func operation(rt route) map[string]any {
	op := map[string]any{
		"summary":     rt.summary,
		"operationId": operationID(rt),
		"responses": map[string]any{
			"200":     map[string]any{"description": "Success (201 on create, 204 on delete and disconnect)."},
			"default": map[string]any{"description": "Error", "content": jsonContent("#/components/schemas/Error")},
		},
	}
	if rt.path == openPath {
		op["security"] = []any{}
	}
	var params []any
	for _, m := range pathParamRE.FindAllStringSubmatch(rt.path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true,
			"schema": map[string]any{"type": "string"}})
	}
	if strings.HasPrefix(rt.path, "/api/social/stats/") {
		params = append(params, map[string]any{"name": "period", "in": "query",
			"schema": map[string]any{"type": "string", "pattern": `^[1-9][0-9]{0,3}d$`, "default": "30d"}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if rt.method == http.MethodPost || rt.method == http.MethodPut {
		op["requestBody"] = map[string]any{"content": map[string]any{"application/json": map[string]any{
			"schema": map[string]any{"type": "object"}}}}
	}
	return op
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

func (s *server) openAPI(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, openAPIDoc())
}
