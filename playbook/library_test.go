package playbook_test

import (
	"testing"

	"github.com/secondsale/secondsale/playbook"
	"github.com/stretchr/testify/require"
)

func TestSecondSaleLibraryValidates(t *testing.T) {
	plays := playbook.SecondSaleLibrary()
	require.NotEmpty(t, plays)
	for _, p := range plays {
		require.NoError(t, p.Validate(), p.ID)
	}
}
