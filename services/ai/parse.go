package ai

import (
	"encoding/json"
	"regexp"
	"strings"

	"webox-social/services/model"
)

// thinking matches the reasoning block some local models print before their answer.
var thinking = regexp.MustCompile(`(?s)<think>.*?</think>`)

// decodeAnswer finds the JSON in a model's answer and decodes it: it drops <think> blocks
// and ``` fences and takes the outermost object or array, ignoring text around it.
func decodeAnswer(s string) (any, bool) {
	s = thinking.ReplaceAllString(s, "")
	s = stripFence(s)
	raw, ok := outerJSON(s)
	if !ok {
		return nil, false
	}
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return nil, false
	}
	return v, true
}

// stripFence returns what is inside the first ``` fence, or s when there is none.
func stripFence(s string) string {
	start := strings.Index(s, "```")
	if start < 0 {
		return s
	}
	body := s[start+3:]
	if nl := strings.IndexByte(body, '\n'); nl >= 0 {
		body = body[nl+1:] // the fence's language tag: ```json
	}
	if end := strings.Index(body, "```"); end >= 0 {
		body = body[:end]
	}
	return body
}

// outerJSON returns the first balanced {...} or [...] in s, skipping brackets inside
// JSON strings; ok is false when there is none or it is cut off.
func outerJSON(s string) (string, bool) {
	start := strings.IndexAny(s, "{[")
	if start < 0 {
		return "", false
	}
	depth, inString, escaped := 0, false, false
	for i := start; i < len(s); i++ {
		ch := s[i]
		switch {
		case escaped:
			escaped = false
		case inString && ch == '\\':
			escaped = true
		case ch == '"':
			inString = !inString
		case inString:
		case ch == '{' || ch == '[':
			depth++
		case ch == '}' || ch == ']':
			if depth--; depth == 0 {
				return s[start : i+1], true
			}
		}
	}
	return "", false
}

// textsOf reads a list of texts from whatever shape the model chose: a string, a list of
// strings, objects with a "text" field, or a list of those.
func textsOf(v any) []string {
	switch v := v.(type) {
	case string:
		if s := strings.TrimSpace(v); s != "" {
			return []string{s}
		}
	case []any:
		var out []string
		for _, item := range v {
			out = append(out, textsOf(item)...)
		}
		return out
	case map[string]any:
		for _, key := range []string{"text", "caption", "content", "post", "texts", "variants"} {
			if t, ok := v[key]; ok {
				return textsOf(t)
			}
		}
	}
	return nil
}

// field returns the first of keys present in obj.
func field(obj map[string]any, keys ...string) (any, bool) {
	for _, k := range keys {
		if v, ok := obj[k]; ok {
			return v, true
		}
	}
	return nil, false
}

// parseVariants reads {"variants": {"twitter": [...], ...}}, also without the "variants"
// wrapper, with network names as keys ("X", "LinkedIn"), or as a bare list when one
// network was asked for.
func parseVariants(v any, asked []model.Platform) map[model.Platform][]string {
	out := map[model.Platform][]string{}
	if obj, ok := v.(map[string]any); ok {
		if inner, ok := field(obj, "variants", "posts", "captions"); ok {
			v = inner
		}
	}
	switch v := v.(type) {
	case map[string]any:
		for key, val := range v {
			if p, ok := platformNamed(key, asked); ok {
				out[p] = append(out[p], textsOf(val)...)
			}
		}
	case []any:
		parseVariantList(v, asked, out)
	}
	return out
}

// parseVariantList reads a bare list: the one network's texts, or objects naming their
// network ({"network": "x", "text": "..."}).
func parseVariantList(list []any, asked []model.Platform, out map[model.Platform][]string) {
	for _, item := range list {
		obj, isObj := item.(map[string]any)
		name, named := any(nil), false
		if isObj {
			name, named = field(obj, "network", "platform")
		}
		if s, ok := name.(string); named && ok {
			if p, ok := platformNamed(s, asked); ok {
				out[p] = append(out[p], textsOf(obj)...)
			}
			continue
		}
		if len(asked) == 1 {
			out[asked[0]] = append(out[asked[0]], textsOf(item)...)
		}
	}
}

// platformNamed matches a key the model wrote to one of the asked networks: "twitter",
// "X", "x (twitter)", "LinkedIn".
func platformNamed(key string, asked []model.Platform) (model.Platform, bool) {
	k := strings.ToLower(strings.TrimSpace(key))
	for _, p := range asked {
		if k == string(p) || k == strings.ToLower(p.Title()) {
			return p, true
		}
		if p == model.X && (k == "x/twitter" || k == "twitter/x" || strings.HasPrefix(k, "x (")) {
			return p, true
		}
	}
	return "", false
}
