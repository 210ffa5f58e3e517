package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/sidecart/recommendations/internal/copurchase"
)

// Limit is how many products one answer names.
const Limit = 4

var objectID = regexp.MustCompile(`^[a-f0-9]{24}$`)

// Reader answers the recommendations route (store.Store).
type Reader interface {
	Top(ctx context.Context, productID string, limit int) ([]copurchase.Item, error)
}

// Recommendations is `GET /recommendations/{productId}`: the products bought most often in the
// same confirmed orders, most first. Only ids and counts: names and prices are the product
// service's, composed by the gateway.
func Recommendations(reader Reader, fallback *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := chi.URLParam(r, "productId")
		if !objectID.MatchString(id) {
			Problem(w, http.StatusBadRequest, "Bad Request", "The request is invalid",
				[]FieldError{{Path: "productId", Message: "must be a product id (24 hexadecimal digits)"}})
			return
		}
		items, err := reader.Top(r.Context(), id, Limit)
		if err != nil {
			Logger(r.Context(), fallback).ErrorContext(r.Context(), "reading recommendations failed", "productId", id, "error", err.Error())
			Problem(w, http.StatusServiceUnavailable, "Service Unavailable", "The recommendations cannot be read right now", nil)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"productId": id, "items": items})
	}
}

// Check is one readiness check: nil when it passes.
type Check func(ctx context.Context) error

type checkResult struct {
	Status string `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// Report is the `/readyz` answer, the same shape every service of the shop answers.
type Report struct {
	Status  string                 `json:"status"`
	Service string                 `json:"service"`
	Checks  map[string]checkResult `json:"checks"`
}

// CheckTimeout bounds each readiness check.
const CheckTimeout = 2 * time.Second

// Readiness runs every check at once: all pass → ok; only `degrading` ones fail → degraded
// (the app serves, but not everything it should); otherwise down. Both are not ready (503).
func Readiness(ctx context.Context, service string, checks map[string]Check, degrading map[string]bool) Report {
	report := Report{Status: "ok", Service: service, Checks: map[string]checkResult{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, check := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, CheckTimeout)
			defer cancel()
			result := checkResult{Status: "ok"}
			if err := check(cctx); err != nil {
				result = checkResult{Status: "down", Detail: err.Error()}
			}
			mu.Lock()
			report.Checks[name] = result
			mu.Unlock()
		}()
	}
	wg.Wait()
	for name, result := range report.Checks {
		if result.Status == "ok" {
			continue
		}
		if degrading[name] {
			if report.Status == "ok" {
				report.Status = "degraded"
			}
		} else {
			report.Status = "down"
		}
	}
	return report
}

// Health mounts `/healthz` (the process answers) and `/readyz` (it can do its job now).
func Health(mux chi.Router, service string, checks map[string]Check, degrading map[string]bool) {
	mux.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, Report{Status: "ok", Service: service, Checks: map[string]checkResult{}})
	})
	mux.Get("/readyz", func(w http.ResponseWriter, r *http.Request) {
		report := Readiness(r.Context(), service, checks, degrading)
		status := http.StatusOK
		if report.Status != "ok" {
			status = http.StatusServiceUnavailable
		}
		writeJSON(w, status, report)
	})
}

// Subscription is one topic the app asks its sidecar for.
type Subscription struct{ Pubsub, Topic, Route string }

// LoadedSubscription is what the sidecar's metadata says it delivers.
type LoadedSubscription struct {
	Pubsub, Topic string
	Paths         []string // default (match-less) routes
}

// SubscriptionGaps names each declared subscription the sidecar does not deliver to its route:
// daprd reads `/dapr/subscribe` once, when the app first turns healthy, and otherwise says so
// only in its log.
func SubscriptionGaps(declared []Subscription, loaded []LoadedSubscription, pubsubs map[string]bool) []string {
	var gaps []string
	for _, want := range declared {
		var found *LoadedSubscription
		for i := range loaded {
			if loaded[i].Pubsub == want.Pubsub && loaded[i].Topic == want.Topic {
				found = &loaded[i]
			}
		}
		switch {
		case !pubsubs[want.Pubsub]:
			// Scoped away, or a component daprd could not initialize and skipped (`ignoreErrors`).
			gaps = append(gaps, fmt.Sprintf("%s: the sidecar has no pub/sub component '%s' (not loaded: see its log)", want.Topic, want.Pubsub))
		case found == nil:
			gaps = append(gaps, fmt.Sprintf("%s: not subscribed by the sidecar", want.Topic))
		case !contains(found.Paths, want.Route):
			gaps = append(gaps, fmt.Sprintf("%s: delivered to %v, not %s", want.Topic, found.Paths, want.Route))
		}
	}
	return gaps
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
