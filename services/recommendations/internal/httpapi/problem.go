package httpapi

import (
	"encoding/json"
	"net/http"
)

// FieldError names one invalid input field.
type FieldError struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// Problem writes an RFC 9457 problem+json answer.
func Problem(w http.ResponseWriter, status int, title, detail string, errors []FieldError) {
	body := map[string]any{"type": "about:blank", "title": title, "status": status, "detail": detail}
	if len(errors) > 0 {
		body["errors"] = errors
	}
	w.Header().Set("content-type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("content-type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
