package localapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"webox-social/app"
	"webox-social/services/model"
)

// errorBody is the one shape of every error answer.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		slog.Warn("local API: write answer", "err", err)
	}
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, errorBody{Error: errorDetail{Code: code, Message: msg}})
}

// writeAppError maps an error from the core to a status and a user sentence.
func writeAppError(w http.ResponseWriter, err error) {
	status, code := statusOf(err)
	if status == http.StatusInternalServerError {
		slog.Error("local API: request failed", "err", err)
	}
	writeError(w, status, code, app.UserMessage(err))
}

func statusOf(err error) (int, string) {
	var mbe *http.MaxBytesError
	if st, ok := app.PlatformStatus(err); ok {
		if st == http.StatusTooManyRequests {
			return http.StatusTooManyRequests, "platform_rate_limited"
		}
		return http.StatusBadGateway, "platform_error"
	}
	switch {
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, "body_too_large"
	case errors.Is(err, model.ErrInvalid):
		return http.StatusBadRequest, "invalid"
	case errors.Is(err, model.ErrNotFound):
		return http.StatusNotFound, "not_found"
	case errors.Is(err, model.ErrConflict):
		return http.StatusConflict, "conflict"
	case errors.Is(err, model.ErrUnsupported):
		return http.StatusUnprocessableEntity, "unsupported"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "timeout"
	}
	return http.StatusInternalServerError, "internal"
}

// decode reads a JSON body into v; on failure it writes the error and returns false.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return true
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeError(w, http.StatusRequestEntityTooLarge, "body_too_large", "The request body is larger than 1 MiB.")
		return false
	}
	writeError(w, http.StatusBadRequest, "bad_json", "The request body is not valid JSON for this route: "+err.Error()+".")
	return false
}

// pathID reads the {id} path value; on failure it writes a 400 and returns false.
func pathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, http.StatusBadRequest, "bad_id", "The id in the address must be a positive whole number.")
		return 0, false
	}
	return id, true
}
