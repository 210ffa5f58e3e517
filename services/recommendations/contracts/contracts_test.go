package contracts

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The vendored copy must be the published one: a service that validates against a stale
// schema would drop events its producer now sends.
func TestVendoredSchemaIsThePublishedOne(t *testing.T) {
	published := filepath.Join("..", "..", "..", "packages", "contracts", "schemas", "events", "order.confirmed.schema.json")
	want, err := os.ReadFile(published)
	if os.IsNotExist(err) {
		t.Skip("not inside the Sidecart repository (a standalone build of this service)")
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(OrderConfirmed)) {
		t.Fatalf("contracts/order.confirmed.schema.json differs from %s; copy it again", published)
	}
}
