package health

import (
	"fmt"
	"maps"
	"slices"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// This file holds the set of account IDs an accumulator keeps so that an
// account is counted once: twice in one shard, or once in each of two
// merged shards, is an error naming it, as in churn.

// duplicateAccount is the error of an account counted twice.
func duplicateAccount(account success.AccountID, what string) error {
	return fmt.Errorf("%w: account %q is already counted in this %s", ErrDuplicate, account, what)
}

// checkDisjoint rejects merging two account sets that share an account,
// naming the lowest shared ID so the error does not depend on map order.
func checkDisjoint(a, b map[success.AccountID]struct{}, what string) error {
	small, large := a, b
	if len(small) > len(large) {
		small, large = large, small
	}
	var shared []success.AccountID
	for id := range small {
		if _, dup := large[id]; dup {
			shared = append(shared, id)
		}
	}
	if len(shared) == 0 {
		return nil
	}
	return fmt.Errorf("%w: account %q is counted in both %s accumulators (%d shared accounts)", ErrDuplicate, slices.Min(shared), what, len(shared))
}

// addAccounts adds b's accounts to a, allocating a when nil.
func addAccounts(a, b map[success.AccountID]struct{}) map[success.AccountID]struct{} {
	if len(b) == 0 {
		return a
	}
	if a == nil {
		a = make(map[success.AccountID]struct{}, len(b))
	}
	maps.Copy(a, b)
	return a
}

// sortedAccounts lists a set's accounts in order, for a deterministic
// encoding.
func sortedAccounts(set map[success.AccountID]struct{}) []success.AccountID {
	return slices.Sorted(maps.Keys(set))
}

// checkStateAccount checks an account of a decoded state: present and
// listed once; it adds it to seen.
func checkStateAccount(ps *success.FieldErrors, path string, account success.AccountID, seen map[success.AccountID]struct{}) {
	if account == "" {
		fielderr.Addf(ps, ErrInvalid, path, "must not be empty")
		return
	}
	if _, dup := seen[account]; dup {
		fielderr.Addf(ps, ErrInvalid, path, "account %q is listed twice", account)
		return
	}
	seen[account] = struct{}{}
}
