package impact

// Stratum is one cell of the exact matching.
type Stratum struct {
	Band       string `json:"band"` // empty when the account had no health score at time zero
	Segment    string `json:"segment"`
	Treated    int    `json:"treated"`
	Comparison int    `json:"comparison"`
}
