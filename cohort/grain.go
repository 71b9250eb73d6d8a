package cohort

import (
	"github.com/secondsale/secondsale/success"
)

// checkGrain reports whether g is one of the grains valid here, wrapping
// this package's ErrInvalid, as every error of the package does, and giving
// a bad grain's length, not its text.
func checkGrain(g success.Grain, valid ...success.Grain) error {
	if err := oneOf(g, "grain", valid...); err != nil {
		return err
	}
	return nil
}
