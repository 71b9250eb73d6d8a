// Package pgstore keeps the SDK's histories and the playbook's work in
// PostgreSQL: health.Store (HealthStore), churn.RiskHistory (RiskHistory)
// and playbook.Store (PlaybookStore), each passing the same conformance
// suite as the in-memory store it replaces.
//
// Open connects and applies the embedded migrations (see Migrate); the
// stores share the returned pool:
//
//	db, err := pgstore.Open(ctx, os.Getenv("SECONDSALE_PG_DSN"))
//	...
//	engine, err := playbook.New(plays, pgstore.NewPlaybookStore(db), nil)
//
// The database, not the Go process, keeps the playbook's guarantees: a
// primary key on the dedup key table makes Open a conditional create, and
// versioned UPDATEs inside one transaction make Apply all or nothing. So
// several processes may evaluate the same accounts at once. PlaybookStore is
// also a playbook.Atomic: the engine runs each evaluation in one
// transaction, so an evaluation is stored whole or not at all.
//
// Columns follow the data: the host's account IDs are text, the SDK's IDs
// uuid, times timestamptz. PostgreSQL keeps times to the microsecond; a
// time with a finer part is refused (ErrInvalid of the calling package)
// rather than silently rounded. None of the three store interfaces carries
// money; hosts that keep amounts beside them use numeric with a currency
// column, as the example program's example_evaluations table does.
//
// A lost connection, a serialisation failure or a deadlock rolls the
// transaction back and returns an error matching ErrRetry: the caller may
// repeat the whole operation (an engine evaluation, say), which never
// duplicates a run or applies a change twice. When the connection fails
// during COMMIT the store asks the server whether it committed; only when
// the server cannot say is the error ErrCommitUnknown, which a caller
// repeats only where the data tell whether the first attempt landed.
package pgstore
