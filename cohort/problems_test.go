package cohort

import "github.com/secondsale/secondsale/success"

// paths returns the path of each problem err lists, in order, for comparing
// with the paths a test expects (nil when err lists none).
func paths(err error) []string {
	var out []string
	for _, p := range success.AsFieldErrors(err) {
		out = append(out, p.Path)
	}
	return out
}
