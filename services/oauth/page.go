package oauth

import (
	"html/template"
	"log/slog"
	"net/http"
)

// pageTmpl is the small page the browser shows after the redirect.
var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} · Webox Social</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}</style>
</head><body><h1>{{.Title}}</h1><p>{{.Message}}</p></body></html>
`))

// writePage answers the browser with a titled message; the text is HTML-escaped.
func writePage(w http.ResponseWriter, status int, title, message string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	if err := pageTmpl.Execute(w, struct{ Title, Message string }{title, message}); err != nil {
		slog.Debug("oauth: write the browser page", "err", err)
	}
}
