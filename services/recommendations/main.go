// Command recommendations answers "customers who bought this also bought" for the shop. It joins
// the system through its Dapr sidecar alone: it subscribes to `order.confirmed` on the `pubsub`
// component, keeps co-purchase counts in the `statestore` component, and answers
// `GET /recommendations/{productId}` to callers its sidecar lets through (the gateway).
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	dapr "github.com/dapr/go-sdk/client"
	"github.com/dapr/go-sdk/service/common"
	daprhttp "github.com/dapr/go-sdk/service/http"
	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/sidecart/recommendations/contracts"
	"github.com/sidecart/recommendations/internal/events"
	"github.com/sidecart/recommendations/internal/httpapi"
	"github.com/sidecart/recommendations/internal/store"
)

const service = "recommendations"

type config struct {
	appHost, appPort, metricsHost, metricsPort string
	pubsub, statestore, daprGRPC, appToken     string
	logLevel                                   slog.Level
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func loadConfig() config {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(env("LOG_LEVEL", "info")))
	return config{
		appHost:     env("APP_HOST", ""),
		appPort:     env("APP_PORT", "5005"),
		metricsHost: env("METRICS_HOST", "127.0.0.1"),
		metricsPort: env("METRICS_PORT", ""),
		pubsub:      env("PUBSUB_NAME", "pubsub"),
		statestore:  env("STATESTORE_NAME", "statestore"),
		daprGRPC:    env("DAPR_GRPC_PORT", "50001"),
		appToken:    os.Getenv("APP_API_TOKEN"),
		logLevel:    level,
	}
}

func main() {
	cfg := loadConfig()
	logger := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: cfg.logLevel})).With("service", service)
	// The SDK's own start-up lines go through the same JSON logger.
	dapr.SetLogger(log.New(&slogWriter{logger}, "", 0))
	if err := run(cfg, logger); err != nil {
		logger.Error("stopped on an error", "error", err.Error())
		os.Exit(1)
	}
}

func run(cfg config, logger *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	validator, err := events.NewValidator(contracts.OrderConfirmed)
	if err != nil {
		return fmt.Errorf("the order.confirmed schema does not compile: %w", err)
	}

	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := httpapi.NewMetrics(registry)
	deliveries := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "recommendations_events_total", Help: "order.confirmed deliveries by outcome (counted, duplicate, dropped, retry).",
	}, []string{"outcome"})
	registry.MustRegister(deliveries)

	sidecar := &lazySidecar{}
	go sidecar.connect(ctx, net.JoinHostPort("127.0.0.1", cfg.daprGRPC), logger)
	counts := store.New(sidecar, cfg.statestore)
	handler := &events.Handler{
		Validator: validator,
		Store:     counts,
		Observe:   func(outcome string) { deliveries.WithLabelValues(outcome).Inc() },
	}

	subscription := httpapi.Subscription{Pubsub: cfg.pubsub, Topic: "order.confirmed", Route: "/events/order.confirmed"}
	mux := chi.NewRouter()
	mux.Use(httpapi.Observe(logger, metrics), httpapi.RequireAppToken(cfg.appToken))
	httpapi.Health(mux, service, map[string]httpapi.Check{
		"sidecar":       func(ctx context.Context) error { _, err := sidecar.metadata(ctx); return err },
		"statestore":    counts.Ping,
		"subscriptions": func(ctx context.Context) error { return sidecar.subscriptionsLoaded(ctx, subscription) },
	}, map[string]bool{"subscriptions": true})
	mux.Get("/recommendations/{productId}", httpapi.Recommendations(counts, logger))

	server := daprhttp.NewServiceWithMux(net.JoinHostPort(cfg.appHost, cfg.appPort), mux)
	// The SDK serves `/dapr/subscribe` from this, with the dead-letter topic; deliveries that
	// break the contract are answered DROP, a failed store RETRY.
	err = server.AddTopicEventHandler(&common.Subscription{
		PubsubName:      subscription.Pubsub,
		Topic:           subscription.Topic,
		Route:           subscription.Route,
		DeadLetterTopic: subscription.Topic + ".dlq",
	}, func(ctx context.Context, e *common.TopicEvent) (bool, error) {
		switch handler.Handle(ctx, httpapi.Logger(ctx, logger), e.RawData) {
		case events.Success:
			return false, nil
		case events.Retry:
			return true, errors.New("retry")
		default:
			return false, events.ErrInvalid
		}
	})
	if err != nil {
		return err
	}

	var metricsServer *http.Server
	if cfg.metricsPort != "" {
		metricsServer = &http.Server{
			Addr:              net.JoinHostPort(cfg.metricsHost, cfg.metricsPort),
			Handler:           promhttp.HandlerFor(registry, promhttp.HandlerOpts{}),
			ReadHeaderTimeout: 5 * time.Second,
		}
		go func() {
			if err := metricsServer.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				logger.Error("metrics server failed", "error", err.Error())
			}
		}()
	}

	failed := make(chan error, 1)
	go func() {
		logger.Info("listening", "port", cfg.appPort, "metricsPort", cfg.metricsPort)
		if err := server.Start(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			failed <- err
		}
	}()
	select {
	case err := <-failed:
		return err
	case <-ctx.Done():
	}

	// SIGTERM: stop taking requests, let in-flight ones (and deliveries) finish, then close.
	logger.Info("shutting down", "signal", "SIGTERM")
	if err := server.GracefulStop(); err != nil {
		logger.Warn("the HTTP server did not stop cleanly", "error", err.Error())
	}
	if metricsServer != nil {
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_ = metricsServer.Shutdown(shutdown)
		cancel()
	}
	sidecar.close()
	logger.Info("stopped")
	return nil
}

// lazySidecar is the Dapr client once the sidecar's gRPC API answers: the app listens at once
// (daprd waits for the app's port), and readiness says "sidecar down" until then.
type lazySidecar struct {
	mu     sync.RWMutex
	client dapr.Client
}

var errNotConnected = errors.New("the Dapr sidecar is not connected yet")

func (s *lazySidecar) connect(ctx context.Context, address string, logger *slog.Logger) {
	for attempt := 1; ctx.Err() == nil; attempt++ {
		client, err := dapr.NewClientWithAddressContext(ctx, address)
		if err == nil {
			s.mu.Lock()
			s.client = client
			s.mu.Unlock()
			logger.Info("connected to the Dapr sidecar", "address", address)
			return
		}
		if attempt%10 == 1 {
			logger.Info("waiting for the Dapr sidecar", "address", address, "attempt", attempt, "error", err.Error())
		}
		select {
		case <-ctx.Done():
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func (s *lazySidecar) get() (dapr.Client, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.client == nil {
		return nil, errNotConnected
	}
	return s.client, nil
}

func (s *lazySidecar) close() {
	if c, err := s.get(); err == nil {
		c.Close()
	}
}

func (s *lazySidecar) GetState(ctx context.Context, storeName, key string, meta map[string]string) (*dapr.StateItem, error) {
	c, err := s.get()
	if err != nil {
		return nil, err
	}
	return c.GetState(ctx, storeName, key, meta)
}

func (s *lazySidecar) ExecuteStateTransaction(ctx context.Context, storeName string, meta map[string]string, ops []*dapr.StateOperation) error {
	c, err := s.get()
	if err != nil {
		return err
	}
	return c.ExecuteStateTransaction(ctx, storeName, meta, ops)
}

func (s *lazySidecar) metadata(ctx context.Context) (*dapr.GetMetadataResponse, error) {
	c, err := s.get()
	if err != nil {
		return nil, err
	}
	return c.GetMetadata(ctx)
}

// subscriptionsLoaded fails, naming the topic, while the sidecar does not deliver it to its route.
func (s *lazySidecar) subscriptionsLoaded(ctx context.Context, want httpapi.Subscription) error {
	md, err := s.metadata(ctx)
	if err != nil {
		return err
	}
	var loaded []httpapi.LoadedSubscription
	for _, sub := range md.Subscriptions {
		l := httpapi.LoadedSubscription{Pubsub: sub.PubsubName, Topic: sub.Topic}
		if sub.Rules != nil {
			for _, r := range sub.Rules.Rules {
				if r.Match == "" {
					l.Paths = append(l.Paths, r.Path)
				}
			}
		}
		loaded = append(loaded, l)
	}
	pubsubs := map[string]bool{}
	for _, c := range md.RegisteredComponents {
		if strings.HasPrefix(c.Type, "pubsub.") {
			pubsubs[c.Name] = true
		}
	}
	if gaps := httpapi.SubscriptionGaps([]httpapi.Subscription{want}, loaded, pubsubs); len(gaps) > 0 {
		return errors.New(strings.Join(gaps, "; "))
	}
	return nil
}

// slogWriter turns the SDK's plain log lines into JSON lines.
type slogWriter struct{ logger *slog.Logger }

func (w *slogWriter) Write(p []byte) (int, error) {
	w.logger.Info(strings.TrimSpace(string(p)), "source", "dapr-go-sdk")
	return len(p), nil
}
