package store

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"

	dapr "github.com/dapr/go-sdk/client"
)

// memorySidecar is an in-memory state store with the semantics the store relies on from daprd's
// PostgreSQL component: a version per key, ETag-checked writes, first-write creation only when
// absent, and all-or-nothing transactions.
type memorySidecar struct {
	mu       sync.Mutex
	values   map[string][]byte
	versions map[string]int
	// beforeCommit runs once inside the next transaction, before it checks versions (a racing writer).
	beforeCommit func()
	commits      int
}

func newMemorySidecar() *memorySidecar {
	return &memorySidecar{values: map[string][]byte{}, versions: map[string]int{}}
}

func (m *memorySidecar) GetState(_ context.Context, _, key string, _ map[string]string) (*dapr.StateItem, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values[key]
	if !ok {
		return &dapr.StateItem{Key: key}, nil
	}
	return &dapr.StateItem{Key: key, Value: v, Etag: strconv.Itoa(m.versions[key])}, nil
}

func (m *memorySidecar) ExecuteStateTransaction(_ context.Context, _ string, _ map[string]string, ops []*dapr.StateOperation) error {
	if hook := m.beforeCommit; hook != nil {
		m.beforeCommit = nil
		hook()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, op := range ops {
		_, exists := m.values[op.Item.Key]
		switch {
		case op.Item.Etag != nil:
			if !exists || strconv.Itoa(m.versions[op.Item.Key]) != op.Item.Etag.Value {
				return errors.New("possible etag mismatch")
			}
		case op.Item.Options != nil && op.Item.Options.Concurrency == dapr.StateConcurrencyFirstWrite && exists:
			return errors.New("no item was updated")
		}
	}
	for _, op := range ops {
		m.values[op.Item.Key] = op.Item.Value
		m.versions[op.Item.Key]++
	}
	m.commits++
	return nil
}

func topOf(t *testing.T, s *Store, product string) map[string]int64 {
	t.Helper()
	items, err := s.Top(context.Background(), product, 10)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, it := range items {
		out[it.ProductID] = it.Count
	}
	return out
}

func TestRecordOrderCountsEveryPairBothWays(t *testing.T) {
	s := New(newMemorySidecar(), "statestore")
	ctx := context.Background()
	for i, lines := range [][]string{{"a", "b"}, {"a", "b", "c"}, {"b", "a", "a"}} {
		if out, err := s.RecordOrder(ctx, "e"+strconv.Itoa(i), lines); err != nil || out != Counted {
			t.Fatalf("order %d: %v %v", i, out, err)
		}
	}
	if got := topOf(t, s, "a"); got["b"] != 3 || got["c"] != 1 || len(got) != 2 {
		t.Fatalf("a: %v", got)
	}
	if got := topOf(t, s, "c"); got["a"] != 1 || got["b"] != 1 {
		t.Fatalf("c: %v", got)
	}
}

func TestARepeatedEventCountsOnce(t *testing.T) {
	side := newMemorySidecar()
	s := New(side, "statestore")
	ctx := context.Background()
	if out, _ := s.RecordOrder(ctx, "same", []string{"a", "b"}); out != Counted {
		t.Fatal("first delivery not counted")
	}
	out, err := s.RecordOrder(ctx, "same", []string{"a", "b"})
	if err != nil || out != Duplicate {
		t.Fatalf("redelivery: %v %v", out, err)
	}
	if got := topOf(t, s, "a"); got["b"] != 1 {
		t.Fatalf("a: %v", got)
	}
	if side.commits != 1 {
		t.Fatalf("%d commits, want 1", side.commits)
	}
}

func TestASingleProductOrderIsRememberedButCountsNothing(t *testing.T) {
	side := newMemorySidecar()
	s := New(side, "statestore")
	if out, err := s.RecordOrder(context.Background(), "solo", []string{"a"}); err != nil || out != Counted {
		t.Fatalf("%v %v", out, err)
	}
	if len(topOf(t, s, "a")) != 0 {
		t.Fatal("a single product got recommendations")
	}
	if _, ok := side.values["event-solo"]; !ok {
		t.Fatal("the event id was not kept")
	}
}

// Another writer commits between our read and our transaction: ours fails on the ETag and is
// tried again on the new version, so neither order is lost.
func TestAConcurrentWriterIsNotOverwritten(t *testing.T) {
	side := newMemorySidecar()
	s := New(side, "statestore")
	ctx := context.Background()
	if _, err := s.RecordOrder(ctx, "first", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	side.beforeCommit = func() {
		if _, err := New(side, "statestore").RecordOrder(ctx, "racer", []string{"a", "b"}); err != nil {
			t.Error(err)
		}
	}
	if _, err := s.RecordOrder(ctx, "mine", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if got := topOf(t, s, "a"); got["b"] != 3 {
		t.Fatalf("a-b counted %d times, want 3", got["b"])
	}
}

// The same event delivered twice at once (two replicas): one commits, the other finds it counted.
func TestTheSameEventRacingItselfCountsOnce(t *testing.T) {
	side := newMemorySidecar()
	s := New(side, "statestore")
	ctx := context.Background()
	side.beforeCommit = func() {
		if _, err := New(side, "statestore").RecordOrder(ctx, "twin", []string{"a", "b"}); err != nil {
			t.Error(err)
		}
	}
	out, err := s.RecordOrder(ctx, "twin", []string{"a", "b"})
	if err != nil || out != Duplicate {
		t.Fatalf("%v %v", out, err)
	}
	if got := topOf(t, s, "a"); got["b"] != 1 {
		t.Fatalf("a-b counted %d times, want 1", got["b"])
	}
}
