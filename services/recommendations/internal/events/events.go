// Package events handles the `order.confirmed` subscription: each payload is checked against the
// published JSON Schema, then counted once per event id.
package events

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/sidecart/recommendations/internal/store"
)

// OrderConfirmed is the part of an `order.confirmed` payload this service reads.
type OrderConfirmed struct {
	EventID string
	OrderID string
	Lines   []string // product ids
}

// Validator checks payloads against one JSON Schema.
type Validator struct{ schema *jsonschema.Schema }

// NewValidator compiles a JSON Schema document (formats such as uuid and date-time asserted).
func NewValidator(schemaDoc []byte) (*Validator, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaDoc))
	if err != nil {
		return nil, fmt.Errorf("the schema is not JSON: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "urn:sidecart:order.confirmed.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	schema, err := c.Compile(url)
	if err != nil {
		return nil, err
	}
	return &Validator{schema: schema}, nil
}

// ErrInvalid marks a payload that breaks the contract: it can never succeed, so it is dropped.
var ErrInvalid = errors.New("the event does not match its schema")

// Parse validates a payload and reads the fields the service needs.
func (v *Validator) Parse(payload []byte) (OrderConfirmed, error) {
	if len(bytes.TrimSpace(payload)) == 0 {
		return OrderConfirmed{}, fmt.Errorf("%w: no payload", ErrInvalid)
	}
	value, err := jsonschema.UnmarshalJSON(bytes.NewReader(payload))
	if err != nil {
		return OrderConfirmed{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if err := v.schema.Validate(value); err != nil {
		return OrderConfirmed{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	// The schema guarantees these shapes.
	obj := value.(map[string]any)
	event := OrderConfirmed{EventID: obj["eventId"].(string), OrderID: obj["orderId"].(string)}
	for _, line := range obj["lines"].([]any) {
		event.Lines = append(event.Lines, line.(map[string]any)["productId"].(string))
	}
	return event, nil
}

// Status is a delivery's answer to Dapr.
type Status string

const (
	Success Status = "SUCCESS"
	Retry   Status = "RETRY"
	Drop    Status = "DROP"
)

// Recorder counts an order once per event id (store.Store).
type Recorder interface {
	RecordOrder(ctx context.Context, eventID string, productIDs []string) (store.Outcome, error)
}

// Handler decides what one delivery of `order.confirmed` becomes.
type Handler struct {
	Validator *Validator
	Store     Recorder
	// Observe is told each delivery's outcome (metrics); may be nil.
	Observe func(outcome string)
}

// Handle validates and counts one payload. An invalid payload is dropped (and logged): retrying
// it can never succeed and would only hold up the topic. A store failure asks for redelivery.
func (h *Handler) Handle(ctx context.Context, log *slog.Logger, payload []byte) Status {
	event, err := h.Validator.Parse(payload)
	if err != nil {
		log.ErrorContext(ctx, "event does not match its contract, dropping", "topic", "order.confirmed", "error", err.Error())
		h.observe("dropped")
		return Drop
	}
	log = log.With("topic", "order.confirmed", "eventId", event.EventID, "orderId", event.OrderID)
	outcome, err := h.Store.RecordOrder(ctx, event.EventID, event.Lines)
	if err != nil {
		log.ErrorContext(ctx, "counting the order failed, asking for redelivery", "error", err.Error())
		h.observe("retry")
		return Retry
	}
	if outcome == store.Duplicate {
		log.InfoContext(ctx, "event already counted")
		h.observe("duplicate")
		return Success
	}
	log.InfoContext(ctx, "order counted", "products", len(event.Lines))
	h.observe("counted")
	return Success
}

func (h *Handler) observe(outcome string) {
	if h.Observe != nil {
		h.Observe(outcome)
	}
}
