package impact

import (
	"context"

	"github.com/secondsale/secondsale/playbook"
)

// Load reads a play's runs and decision trace from a store, for Input.
func Load(ctx context.Context, s playbook.Store, playID string) (runs []playbook.Run, trace []playbook.TraceEntry, err error) {
	if runs, err = s.Runs(ctx, playbook.RunQuery{PlayID: playID}); err != nil {
		return nil, nil, err
	}
	if trace, err = s.Trace(ctx, playbook.TraceQuery{PlayID: playID}); err != nil {
		return nil, nil, err
	}
	return runs, trace, nil
}
