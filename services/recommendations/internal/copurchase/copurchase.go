// Package copurchase holds the service's rules: which products an order counts as bought
// together, and how the counts are ranked. It knows nothing about Dapr or HTTP.
package copurchase

import (
	"sort"
)

// Counts maps another product's id to the number of confirmed orders that held both products.
type Counts map[string]int64

// Products returns the distinct product ids of an order's lines, sorted. An order counts once
// per pair of products, whatever the quantities: "customers also bought" is about orders.
func Products(productIDs []string) []string {
	seen := make(map[string]struct{}, len(productIDs))
	out := make([]string, 0, len(productIDs))
	for _, id := range productIDs {
		if _, dup := seen[id]; dup {
			continue
		}
		seen[id] = struct{}{}
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Add counts one order holding `products` (distinct ids) into the counts of `product`:
// every other product of the order gains one. It returns whether anything changed.
func Add(counts Counts, product string, products []string) bool {
	changed := false
	for _, other := range products {
		if other == product {
			continue
		}
		counts[other]++
		changed = true
	}
	return changed
}

// Item is one recommendation: another product and how many orders held both.
type Item struct {
	ProductID string `json:"productId"`
	Count     int64  `json:"count"`
}

// Top returns the `limit` products bought together most often, most first; equal counts in
// product id order, so the answer is stable.
func Top(counts Counts, limit int) []Item {
	items := make([]Item, 0, len(counts))
	for id, n := range counts {
		if n > 0 {
			items = append(items, Item{ProductID: id, Count: n})
		}
	}
	sort.Slice(items, func(i, j int) bool {
		if items[i].Count != items[j].Count {
			return items[i].Count > items[j].Count
		}
		return items[i].ProductID < items[j].ProductID
	})
	if len(items) > limit {
		items = items[:limit]
	}
	return items
}
