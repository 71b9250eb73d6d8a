// Package conformance runs the checks of a store conformance suite
// (health/healthtest, playbook/playbooktest) as subtests or outside a test,
// so each suite states only its checks.
package conformance

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// Check is one named check of a store of type S.
type Check[S any] struct {
	Name string
	Run  func(ctx context.Context, s S) error
}

// Test runs every check as a subtest on a fresh store from newStore.
func Test[S any](t *testing.T, checks []Check[S], newStore func(t *testing.T) S) {
	t.Helper()
	for _, c := range checks {
		t.Run(c.Name, func(t *testing.T) {
			if err := c.Run(t.Context(), newStore(t)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Run runs every check on a fresh store from newStore and returns every
// violation, joined and named by its check; nil means the store passes.
func Run[S any](ctx context.Context, checks []Check[S], newStore func() (S, error)) error {
	var errs []error
	for _, c := range checks {
		s, err := newStore()
		if err == nil {
			err = c.Run(ctx, s)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.Name, err))
		}
	}
	return errors.Join(errs...)
}
