// Package store keeps the co-purchase counts in a Dapr state store (through the Dapr Go SDK).
//
// Layout, one entry per key (daprd prefixes each key with the app id, so the entries are this
// app's own even in a shared store):
//
//	pairs-<productId>  {"counts": {"<otherProductId>": <orders holding both>, ...}}
//	event-<eventId>    {"at": "<when it was counted>"}  (kept 30 days)
//
// One confirmed order is one state transaction: every pairs entry it changes, each written with
// the ETag it was read with (or created only if absent), and its event entry, created only if
// absent. Two deliveries of one event, or two orders sharing a product, cannot both commit the
// same version: the loser's transaction fails and it reads again.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	dapr "github.com/dapr/go-sdk/client"

	"github.com/sidecart/recommendations/internal/copurchase"
)

// Sidecar is the part of the Dapr client the store uses (the SDK's client.Client has it).
type Sidecar interface {
	GetState(ctx context.Context, storeName, key string, meta map[string]string) (*dapr.StateItem, error)
	ExecuteStateTransaction(ctx context.Context, storeName string, meta map[string]string, ops []*dapr.StateOperation) error
}

// EventTTL is how long an event id is remembered: far longer than any redelivery
// (the broker redelivers within seconds, the dead-letter topic is read by people).
const EventTTL = 30 * 24 * time.Hour

// Attempts is how often one event is tried against concurrent writers before the delivery is
// answered RETRY (the broker then redelivers it later).
const Attempts = 8

// Outcome of counting one order.
type Outcome int

const (
	// Counted: the order's pairs were added.
	Counted Outcome = iota
	// Duplicate: this event id was counted before; nothing changed.
	Duplicate
)

// Store reads and writes the counts.
type Store struct {
	sidecar Sidecar
	name    string
}

// New returns a store on the Dapr state store component `name`.
func New(sidecar Sidecar, name string) *Store { return &Store{sidecar: sidecar, name: name} }

type pairsValue struct {
	Counts copurchase.Counts `json:"counts"`
}

func pairsKey(productID string) string { return "pairs-" + productID }
func eventKey(eventID string) string   { return "event-" + eventID }

// ErrConflict is returned when every attempt lost to a concurrent writer.
var ErrConflict = errors.New("the counts changed under every attempt")

// RecordOrder counts one confirmed order (its event id and the product ids of its lines) once.
func (s *Store) RecordOrder(ctx context.Context, eventID string, productIDs []string) (Outcome, error) {
	products := copurchase.Products(productIDs)
	var last error
	for attempt := 0; attempt < Attempts; attempt++ {
		if attempt > 0 {
			// A little jitter so that two writers that collided do not collide again.
			select {
			case <-ctx.Done():
				return 0, ctx.Err()
			case <-time.After(time.Duration(5+rand.IntN(20*attempt)) * time.Millisecond):
			}
		}
		outcome, err := s.tryRecord(ctx, eventID, products)
		if err == nil {
			return outcome, nil
		}
		last = err
	}
	return 0, fmt.Errorf("%w: %v", ErrConflict, last)
}

func (s *Store) tryRecord(ctx context.Context, eventID string, products []string) (Outcome, error) {
	seen, err := s.sidecar.GetState(ctx, s.name, eventKey(eventID), nil)
	if err != nil {
		return 0, fmt.Errorf("reading event %s: %w", eventID, err)
	}
	if seen != nil && len(seen.Value) > 0 {
		return Duplicate, nil
	}
	firstWrite := &dapr.StateOptions{Concurrency: dapr.StateConcurrencyFirstWrite, Consistency: dapr.StateConsistencyStrong}
	ops := make([]*dapr.StateOperation, 0, len(products)+1)
	for _, product := range products {
		counts, etag, err := s.read(ctx, product)
		if err != nil {
			return 0, err
		}
		if !copurchase.Add(counts, product, products) {
			continue
		}
		value, err := json.Marshal(pairsValue{Counts: counts})
		if err != nil {
			return 0, err
		}
		item := &dapr.SetStateItem{Key: pairsKey(product), Value: value, Options: firstWrite}
		// With an ETag the write succeeds only on that version; without one (a new entry)
		// first-write creates it only if nobody else did meanwhile.
		if etag != "" {
			item.Etag = &dapr.ETag{Value: etag}
		}
		ops = append(ops, &dapr.StateOperation{Type: dapr.StateOperationTypeUpsert, Item: item})
	}
	marker, _ := json.Marshal(map[string]string{"at": time.Now().UTC().Format(time.RFC3339)})
	ops = append(ops, &dapr.StateOperation{Type: dapr.StateOperationTypeUpsert, Item: &dapr.SetStateItem{
		Key:      eventKey(eventID),
		Value:    marker,
		Options:  firstWrite,
		Metadata: map[string]string{"ttlInSeconds": strconv.Itoa(int(EventTTL.Seconds()))},
	}})
	if err := s.sidecar.ExecuteStateTransaction(ctx, s.name, nil, ops); err != nil {
		return 0, fmt.Errorf("state transaction for event %s: %w", eventID, err)
	}
	return Counted, nil
}

func (s *Store) read(ctx context.Context, productID string) (copurchase.Counts, string, error) {
	item, err := s.sidecar.GetState(ctx, s.name, pairsKey(productID), nil)
	if err != nil {
		return nil, "", fmt.Errorf("reading the counts of %s: %w", productID, err)
	}
	value := pairsValue{Counts: copurchase.Counts{}}
	if item == nil || len(item.Value) == 0 {
		return value.Counts, "", nil
	}
	if err := json.Unmarshal(item.Value, &value); err != nil {
		return nil, "", fmt.Errorf("the counts of %s are not readable: %w", productID, err)
	}
	if value.Counts == nil {
		value.Counts = copurchase.Counts{}
	}
	return value.Counts, item.Etag, nil
}

// Top returns the products most often bought with `productID`.
func (s *Store) Top(ctx context.Context, productID string, limit int) ([]copurchase.Item, error) {
	counts, _, err := s.read(ctx, productID)
	if err != nil {
		return nil, err
	}
	return copurchase.Top(counts, limit), nil
}

// Ping reads one key: the sidecar answers and the store behind it too.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.sidecar.GetState(ctx, s.name, "readiness-probe", nil)
	return err
}
