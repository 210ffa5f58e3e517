package events

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/sidecart/recommendations/contracts"
	"github.com/sidecart/recommendations/internal/store"
)

func validator(t *testing.T) *Validator {
	t.Helper()
	v, err := NewValidator(contracts.OrderConfirmed)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func valid() map[string]any {
	money := map[string]any{"amount": 1999, "currency": "EUR"}
	return map[string]any{
		"eventId":    "0191e3a0-7c1e-7cc0-9a52-2f6d3c1b9e01",
		"occurredAt": "2026-12-02T01:00:00.000Z",
		"orderId":    "0191e3a0-7c1e-7cc0-9a52-2f6d3c1b9e02",
		"customerId": "65f0c0ffee0000000000beef",
		"lines": []any{
			map[string]any{"productId": "65f0000000000000000000a1", "sku": "A", "quantity": 2, "unitPrice": money},
			map[string]any{"productId": "65f0000000000000000000b2", "sku": "B", "quantity": 1, "unitPrice": money},
		},
		"total": map[string]any{"amount": 5997, "currency": "EUR"},
	}
}

func encode(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAValidEventIsRead(t *testing.T) {
	event, err := validator(t).Parse(encode(t, valid()))
	if err != nil {
		t.Fatal(err)
	}
	if event.EventID != "0191e3a0-7c1e-7cc0-9a52-2f6d3c1b9e01" || len(event.Lines) != 2 || event.Lines[1] != "65f0000000000000000000b2" {
		t.Fatalf("read %+v", event)
	}
}

func TestEventsThatBreakTheContractAreInvalid(t *testing.T) {
	cases := map[string]func(map[string]any){
		"no lines":           func(e map[string]any) { e["lines"] = []any{} },
		"lines missing":      func(e map[string]any) { delete(e, "lines") },
		"event id not uuid":  func(e map[string]any) { e["eventId"] = "42" },
		"bad timestamp":      func(e map[string]any) { e["occurredAt"] = "yesterday" },
		"bad product id":     func(e map[string]any) { e["lines"].([]any)[0].(map[string]any)["productId"] = "../etc" },
		"zero quantity":      func(e map[string]any) { e["lines"].([]any)[0].(map[string]any)["quantity"] = 0 },
		"fractional money":   func(e map[string]any) { e["total"] = map[string]any{"amount": 1.5, "currency": "EUR"} },
		"unknown currency":   func(e map[string]any) { e["total"] = map[string]any{"amount": 1, "currency": "XXX"} },
		"extra key in money": func(e map[string]any) { e["total"].(map[string]any)["cents"] = 1 },
	}
	v := validator(t)
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			e := valid()
			mutate(e)
			if _, err := v.Parse(encode(t, e)); !errors.Is(err, ErrInvalid) {
				t.Fatalf("accepted: %v", err)
			}
		})
	}
	for _, raw := range []string{"", "null", `"a string"`, "{not json", "[]"} {
		if _, err := v.Parse([]byte(raw)); !errors.Is(err, ErrInvalid) {
			t.Fatalf("%q accepted: %v", raw, err)
		}
	}
}

// Like the zod schema it comes from, the contract lets a producer add fields consumers ignore.
func TestAnAddedFieldIsAccepted(t *testing.T) {
	e := valid()
	e["channel"] = "web"
	if _, err := validator(t).Parse(encode(t, e)); err != nil {
		t.Fatal(err)
	}
}

type recorder struct {
	calls   int
	outcome store.Outcome
	err     error
}

func (r *recorder) RecordOrder(context.Context, string, []string) (store.Outcome, error) {
	r.calls++
	return r.outcome, r.err
}

func TestHandleAnswers(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	seen := map[string]int{}
	newHandler := func(r *recorder) *Handler {
		return &Handler{Validator: validator(t), Store: r, Observe: func(o string) { seen[o]++ }}
	}

	r := &recorder{}
	if got := newHandler(r).Handle(context.Background(), log, []byte(`{"eventId":"x"}`)); got != Drop || r.calls != 0 {
		t.Fatalf("invalid event: %s, %d store calls", got, r.calls)
	}
	if !strings.Contains(logs.String(), "dropping") {
		t.Fatalf("the drop was not logged: %s", logs.String())
	}
	if got := newHandler(&recorder{}).Handle(context.Background(), log, encode(t, valid())); got != Success {
		t.Fatalf("valid event: %s", got)
	}
	if got := newHandler(&recorder{outcome: store.Duplicate}).Handle(context.Background(), log, encode(t, valid())); got != Success {
		t.Fatalf("duplicate: %s", got)
	}
	if got := newHandler(&recorder{err: errors.New("down")}).Handle(context.Background(), log, encode(t, valid())); got != Retry {
		t.Fatalf("store down: %s", got)
	}
	if seen["dropped"] != 1 || seen["counted"] != 1 || seen["duplicate"] != 1 || seen["retry"] != 1 {
		t.Fatalf("outcomes %v", seen)
	}
}
