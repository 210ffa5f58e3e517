package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/sidecart/recommendations/internal/copurchase"
)

type reader struct{ err error }

func (r reader) Top(_ context.Context, id string, limit int) ([]copurchase.Item, error) {
	if r.err != nil {
		return nil, r.err
	}
	return []copurchase.Item{{ProductID: "65f0000000000000000000b2", Count: 3}}, nil
}

func newMux(token string, r Reader) http.Handler {
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	mux := chi.NewRouter()
	mux.Use(Observe(log, NewMetrics(prometheus.NewRegistry())), RequireAppToken(token))
	Health(mux, "recommendations", map[string]Check{
		"store":         func(context.Context) error { return nil },
		"subscriptions": func(context.Context) error { return errors.New("order.confirmed: not subscribed by the sidecar") },
	}, map[string]bool{"subscriptions": true})
	mux.Get("/recommendations/{productId}", Recommendations(r, log))
	return mux
}

func get(h http.Handler, path string, headers map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestRecommendationsAnswer(t *testing.T) {
	rec := get(newMux("", reader{}), "/recommendations/65f0000000000000000000a1", map[string]string{"x-request-id": "req-1"})
	if rec.Code != 200 || rec.Header().Get("x-request-id") != "req-1" {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	var body struct {
		ProductID string            `json:"productId"`
		Items     []copurchase.Item `json:"items"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.ProductID != "65f0000000000000000000a1" || len(body.Items) != 1 {
		t.Fatalf("%s (%v)", rec.Body.String(), err)
	}
}

func TestABadProductIdIsA400NamingIt(t *testing.T) {
	rec := get(newMux("", reader{}), "/recommendations/not-an-id", nil)
	if rec.Code != 400 || !strings.HasPrefix(rec.Header().Get("content-type"), "application/problem+json") ||
		!strings.Contains(rec.Body.String(), `"path":"productId"`) {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
}

func TestAStoreFailureIsA503(t *testing.T) {
	if rec := get(newMux("", reader{err: errors.New("down")}), "/recommendations/65f0000000000000000000a1", nil); rec.Code != 503 {
		t.Fatalf("%d", rec.Code)
	}
}

func TestOnlyTheSidecarGetsIn(t *testing.T) {
	h := newMux("secret", reader{})
	if rec := get(h, "/recommendations/65f0000000000000000000a1", nil); rec.Code != 401 {
		t.Fatalf("no token: %d", rec.Code)
	}
	if rec := get(h, "/recommendations/65f0000000000000000000a1", map[string]string{"dapr-api-token": "wrong"}); rec.Code != 401 {
		t.Fatalf("wrong token: %d", rec.Code)
	}
	if rec := get(h, "/recommendations/65f0000000000000000000a1", map[string]string{"dapr-api-token": "secret"}); rec.Code != 200 {
		t.Fatalf("token: %d", rec.Code)
	}
	// daprd's health probes carry no token.
	if rec := get(h, "/healthz", nil); rec.Code != 200 {
		t.Fatalf("healthz: %d", rec.Code)
	}
}

func TestAMissingSubscriptionMakesItNotReady(t *testing.T) {
	rec := get(newMux("", reader{}), "/readyz", nil)
	var report Report
	_ = json.Unmarshal(rec.Body.Bytes(), &report)
	if rec.Code != 503 || report.Status != "degraded" || report.Checks["subscriptions"].Status != "down" || report.Checks["store"].Status != "ok" {
		t.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	down := Readiness(context.Background(), "x", map[string]Check{"store": func(context.Context) error { return errors.New("no") }}, nil)
	if down.Status != "down" {
		t.Fatalf("%+v", down)
	}
}

func TestIds(t *testing.T) {
	if TraceID("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") != "0af7651916cd43dd8448eb211c80319c" || TraceID("garbage") != "" {
		t.Fatal("trace id")
	}
	if RequestID("ok-id_1") != "ok-id_1" || RequestID("bad id\n") == "bad id\n" || len(RequestID("")) != 32 {
		t.Fatal("request id")
	}
}

func TestSubscriptionGaps(t *testing.T) {
	want := []Subscription{{Pubsub: "pubsub", Topic: "order.confirmed", Route: "/events/order.confirmed"}}
	ok := []LoadedSubscription{{Pubsub: "pubsub", Topic: "order.confirmed", Paths: []string{"/events/order.confirmed"}}}
	if gaps := SubscriptionGaps(want, ok, map[string]bool{"pubsub": true}); len(gaps) != 0 {
		t.Fatal(gaps)
	}
	if gaps := SubscriptionGaps(want, nil, map[string]bool{"pubsub": true}); len(gaps) != 1 || !strings.Contains(gaps[0], "not subscribed") {
		t.Fatal(gaps)
	}
	wrong := []LoadedSubscription{{Pubsub: "pubsub", Topic: "order.confirmed", Paths: []string{"/elsewhere"}}}
	if gaps := SubscriptionGaps(want, wrong, map[string]bool{"pubsub": true}); len(gaps) != 1 {
		t.Fatal(gaps)
	}
	if gaps := SubscriptionGaps(want, ok, map[string]bool{}); len(gaps) != 1 {
		t.Fatal(gaps)
	}
}
