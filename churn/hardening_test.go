package churn_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadTaxonomyManyProblems: 20,000 definitions without controllable give
// one problem each, all in the list, but an error text of bounded size.
func TestLoadTaxonomyManyProblems(t *testing.T) {
	const n = 20_000
	var doc strings.Builder
	doc.WriteString("[")
	for i := range n {
		if i > 0 {
			doc.WriteString(",")
		}
		fmt.Fprintf(&doc, `{"code":"r%d"}`, i)
	}
	doc.WriteString("]")
	_, err := churn.LoadTaxonomy(strings.NewReader(doc.String()))
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Len(t, success.AsFieldErrors(err), n)
	assert.Less(t, len(err.Error()), 20_000)
	assert.True(t, strings.HasSuffix(err.Error(), fmt.Sprintf("; and %d more problems", n-100)), err.Error()[len(err.Error())-60:])
}
