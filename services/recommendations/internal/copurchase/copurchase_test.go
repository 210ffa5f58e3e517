package copurchase

import (
	"reflect"
	"testing"
)

func TestProductsAreDistinctAndSorted(t *testing.T) {
	got := Products([]string{"b", "a", "b", "c", "a"})
	if want := []string{"a", "b", "c"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Products = %v, want %v", got, want)
	}
}

func TestAddCountsEveryOtherProductOnce(t *testing.T) {
	counts := Counts{"c": 2}
	if !Add(counts, "a", []string{"a", "b", "c"}) {
		t.Fatal("Add reported no change")
	}
	if want := (Counts{"b": 1, "c": 3}); !reflect.DeepEqual(counts, want) {
		t.Fatalf("counts = %v, want %v", counts, want)
	}
}

func TestAddAloneChangesNothing(t *testing.T) {
	counts := Counts{}
	if Add(counts, "a", []string{"a"}) || len(counts) != 0 {
		t.Fatalf("a single-product order changed the counts: %v", counts)
	}
}

func TestTopRanksByCountThenId(t *testing.T) {
	got := Top(Counts{"d": 1, "b": 5, "a": 5, "c": 2, "z": 0}, 3)
	want := []Item{{"a", 5}, {"b", 5}, {"c", 2}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Top = %v, want %v", got, want)
	}
	if len(Top(Counts{}, 4)) != 0 {
		t.Fatal("Top of nothing is not empty")
	}
}
