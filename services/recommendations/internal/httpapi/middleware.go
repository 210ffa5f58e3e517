// Package httpapi is the service's HTTP side: request ids and trace ids on every log line,
// the app token check, metrics per route, health endpoints and the recommendations route.
package httpapi

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
)

var (
	requestIDPattern   = regexp.MustCompile(`^[\w.:-]{1,128}$`)
	traceparentPattern = regexp.MustCompile(`^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$`)
)

// RequestID is the caller's `x-request-id` when it is well formed, else a new one.
func RequestID(header string) string {
	if requestIDPattern.MatchString(header) {
		return header
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// TraceID is the trace id of a W3C `traceparent` header, or "".
func TraceID(traceparent string) string {
	if m := traceparentPattern.FindStringSubmatch(traceparent); m != nil {
		return m[1]
	}
	return ""
}

type loggerKey struct{}

// Logger is the request's logger (with its request and trace ids), or `fallback`.
func Logger(ctx context.Context, fallback *slog.Logger) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return fallback
}

// Metrics are the HTTP metrics the app exposes on its loopback metrics port: the same series,
// names and buckets as the shop's TypeScript services, so one dashboard reads every app.
type Metrics struct {
	Duration *prometheus.HistogramVec
}

// NewMetrics registers the request metrics in `reg`.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_server_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method, route pattern and status code",
			Buckets: []float64{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
		}, []string{"method", "route", "status"}),
	}
	reg.MustRegister(m.Duration)
	return m
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// quiet paths are probed every few seconds: counted, not logged.
var quiet = map[string]bool{"/healthz": true, "/readyz": true, "/dapr/config": true}

// Observe gives every request its id (echoed in `x-request-id`) and a logger carrying it and the
// trace id, logs one JSON line per request and counts it by route pattern.
func Observe(base *slog.Logger, metrics *Metrics) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			started := time.Now()
			id := RequestID(r.Header.Get("x-request-id"))
			w.Header().Set("x-request-id", id)
			log := base.With("requestId", id)
			if trace := TraceID(r.Header.Get("traceparent")); trace != "" {
				log = log.With("traceId", trace)
			}
			sw := &statusWriter{ResponseWriter: w}
			next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), loggerKey{}, log)))
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			route := "unmatched"
			if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
				route = rc.RoutePattern()
			}
			elapsed := time.Since(started)
			metrics.Duration.WithLabelValues(r.Method, route, strconv.Itoa(sw.status)).Observe(elapsed.Seconds())
			if quiet[r.URL.Path] {
				return
			}
			level := slog.LevelInfo
			if sw.status >= 500 {
				level = slog.LevelError
			}
			log.Log(r.Context(), level, "request completed",
				"req", map[string]string{"id": id, "method": r.Method, "url": r.URL.RequestURI(), "caller": r.Header.Get("dapr-caller-app-id")},
				"res", map[string]int{"statusCode": sw.status},
				"responseTime", elapsed.Milliseconds())
		})
	}
}

// RequireAppToken refuses every request but the health probes unless it carries the
// `dapr-api-token` only this app's sidecar knows (Dapr's APP_API_TOKEN): nothing reaches the
// app except through Dapr. An empty token turns the check off (a local run without Dapr tokens).
func RequireAppToken(token string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if token == "" || quiet[r.URL.Path] {
				next.ServeHTTP(w, r)
				return
			}
			given := r.Header.Get("dapr-api-token")
			if subtle.ConstantTimeCompare([]byte(given), []byte(token)) != 1 {
				Problem(w, http.StatusUnauthorized, "Unauthorized", "Calls must come through the Dapr sidecar", nil)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
