package aifake

import (
	"encoding/json"
	"fmt"
	"net/http"
)

const created = 1767225600 // 2026-01-01T00:00:00Z: a fixed "created" for every answer

// write sends rep as the answer to req.
func (s *Server) write(w http.ResponseWriter, r *http.Request, req Request, rep Reply) {
	switch {
	case rep.isError():
		writeError(w, rep)
	case req.Chat == nil:
		s.writeModels(w)
	case req.Chat.Stream:
		writeStream(w, req.Chat, rep, func() { s.hang(r) })
	default:
		writeCompletion(w, req.Chat, rep)
	}
}

// writeError sends OpenAI's {"error": {...}} with rep's status, or rep.Body as plain text.
func writeError(w http.ResponseWriter, rep Reply) {
	if rep.RetryAfter != "" {
		w.Header().Set("Retry-After", rep.RetryAfter)
	}
	if rep.Error == nil {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(rep.Status)
		_, _ = w.Write([]byte(rep.Body))
		return
	}
	writeJSON(w, rep.Status, map[string]any{"error": rep.Error})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

type model struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Created int64  `json:"created"`
	OwnedBy string `json:"owned_by"`
}

func (s *Server) writeModels(w http.ResponseWriter) {
	s.mu.Lock()
	data := make([]model, len(s.models))
	for i, id := range s.models {
		data[i] = model{ID: id, Object: "model", Created: created, OwnedBy: "aifake"}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": data})
}

// writeCompletion sends a whole chat.completion object.
func writeCompletion(w http.ResponseWriter, c *ChatRequest, rep Reply) {
	out := map[string]any{
		"id": "chatcmpl-aifake", "object": "chat.completion", "created": created, "model": c.Model,
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": rep.text()}}},
	}
	if !rep.NoUsage {
		out["usage"] = rep.usage()
	}
	writeJSON(w, http.StatusOK, out)
}

// writeStream sends the answer as server-sent events: a role chunk, the content chunks, a
// finish chunk, the usage chunk when the request asked for it, then [DONE].
func writeStream(w http.ResponseWriter, c *ChatRequest, rep Reply, hang func()) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	send := func(payload string) {
		_, _ = fmt.Fprintf(w, "data: %s\n\n", payload)
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
	send(chunk(c, map[string]any{"role": "assistant", "content": ""}, nil))
	for _, part := range rep.chunks() {
		send(chunk(c, map[string]any{"content": part}, nil))
	}
	if rep.HangAfterChunks {
		hang()
		return
	}
	send(chunk(c, map[string]any{}, "stop"))
	if c.StreamOptions != nil && c.StreamOptions.IncludeUsage && !rep.NoUsage {
		u := rep.usage()
		b, _ := json.Marshal(map[string]any{"id": "chatcmpl-aifake", "object": "chat.completion.chunk",
			"created": created, "model": c.Model, "choices": []any{}, "usage": u})
		send(string(b))
	}
	send("[DONE]")
}

// chunk is one chat.completion.chunk with the given delta.
func chunk(c *ChatRequest, delta map[string]any, finish any) string {
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-aifake", "object": "chat.completion.chunk", "created": created, "model": c.Model,
		"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}},
	})
	return string(b)
}
