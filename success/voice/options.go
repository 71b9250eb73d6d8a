package voice

// DefaultMinResponses is the smallest group reported as a number when
// Options.MinResponses is 0. At 30 responses the 95% interval of an NPS
// is still up to ±36 points wide (z·100·sqrt(1/30)); below that a single answer
// moves the score by more than three points, so smaller groups are
// reported as insufficient data.
const DefaultMinResponses = 30

// DefaultZ is the normal quantile of a two-sided 95% interval.
const DefaultZ = 1.959963984540054

// Options tunes NPS and CSAT. The zero value (and nil) means the defaults.
type Options struct {
	// MinResponses is the fewest responses a group needs to be reported
	// as a number; 0 means DefaultMinResponses. Negative is invalid.
	MinResponses int
	// Z is the normal quantile of the confidence intervals; 0 means
	// DefaultZ (95%). It must be finite and > 0 otherwise.
	Z float64
}

func (o *Options) resolved() (minResponses int, z float64, err error) {
	minResponses, z = DefaultMinResponses, DefaultZ
	if o == nil {
		return minResponses, z, nil
	}
	if o.MinResponses < 0 {
		return 0, 0, invalidf("options.min_responses: must be >= 0")
	}
	if o.MinResponses > 0 {
		minResponses = o.MinResponses
	}
	if o.Z != 0 {
		if !(o.Z > 0) || o.Z-o.Z != 0 {
			return 0, 0, invalidf("options.z: must be finite and > 0")
		}
		z = o.Z
	}
	return minResponses, z, nil
}
