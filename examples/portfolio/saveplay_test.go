package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/success"
)

// The capacity limit keeps the accounts evaluated first; in signup order
// those are the oldest, so the held-back group must come from a shuffle.
func TestHoldoutOrderIsSeededShuffle(t *testing.T) {
	cs := make([]*sim.Customer, 200)
	for i := range cs {
		cs[i] = &sim.Customer{}
		cs[i].Account.ID = success.AccountID(fmt.Sprint(i))
	}
	signup := slices.Clone(cs)
	order := func(seed uint64) []*sim.Customer {
		return holdoutOrder(cs, rand.New(rand.NewPCG(seed, saveOrderStream)))
	}
	got := order(1)
	assert.NotEqual(t, signup, got, "not the base's order")
	assert.ElementsMatch(t, signup, got, "every customer once")
	assert.Equal(t, got, order(1), "the same seed gives the same order")
	assert.NotEqual(t, got, order(2), "another seed, another order")
	assert.Equal(t, signup, cs, "the base's own order is left as it was")
}
