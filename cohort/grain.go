package cohort

import (
	"fmt"

	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// checkGrain reports whether g is one of the grains valid here, in
// success.Grain's words but wrapping this package's ErrInvalid, as every
// error of the package does.
func checkGrain(g success.Grain, valid ...success.Grain) error {
	if err := g.OneOf(valid...); err != nil {
		return fmt.Errorf("%w: %s", ErrInvalid, strictjson.WithoutSentinel(err))
	}
	return nil
}
