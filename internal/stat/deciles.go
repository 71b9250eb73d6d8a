package stat

// Decile is one tenth of a ranked sample: its size, how many of it had the
// event, the range of its values, its event rate, its lift (its rate over
// the sample's) and the capture up to it (the share of all events found in
// deciles 1..this one).
type Decile struct {
	Count   int
	Events  int
	Min     float64
	Max     float64
	Rate    float64
	Lift    float64
	Capture float64
}

// Deciles splits a sample, already ranked in the order the caller reads it
// (health: lowest score first; expansion readiness: highest first), into ten
// near-equal parts: row i goes to decile floor(10·i/n)+1, so ties at a
// boundary split by the caller's tie-break. rate is the sample's event rate
// and events its number of events; both must be positive, and values and
// event the same length (at least one row). An empty decile (fewer than ten
// rows) has zero rate and lift.
func Deciles(values []float64, event []bool, rate float64, events int) []Decile {
	out := make([]Decile, 10)
	n := len(values)
	for i, v := range values {
		d := &out[10*i/n]
		if d.Count == 0 || v < d.Min { // the first of equal values
			d.Min = v
		}
		if d.Count == 0 || v >= d.Max { // the last of equal values: for ascending input, the last row
			d.Max = v
		}
		d.Count++
		if event[i] {
			d.Events++
		}
	}
	captured := 0
	for i := range out {
		d := &out[i]
		captured += d.Events
		d.Capture = float64(captured) / float64(events)
		if d.Count > 0 {
			d.Rate = float64(d.Events) / float64(d.Count)
			d.Lift = d.Rate / rate
		}
	}
	return out
}
