package success

// ColumnOptions are optional settings of the SDK's batch paths that read
// columns (health.Plan.ScoreColumns, cohort.TableAccumulator.AddColumns,
// churn.Movements.AddColumns); the zero value works on the calling
// goroutine. Library code starts no goroutine unless asked here.
type ColumnOptions struct {
	// Workers is how many goroutines may share one call: the rows are split
	// into ranges (and a ledger's accounts into partitions). 0 and 1 work on
	// the calling goroutine, which is right for a pipeline that already runs
	// one reader per core. More start up to that many goroutines, never more
	// than GOMAXPROCS nor more than one per few thousand rows (each reader
	// documents its minimum), and wait for them. Results, and the error of
	// a bad row, are the same for any number; more workers pay off only when
	// cores are free. A negative number is an error. Host functions called
	// by the reader (a scorecard's PointsFunc) must then be safe for
	// concurrent use.
	Workers int
}
