// Package records reads the file formats of the secondsale command-line tool
// (examples/secondsale) and of the Beam pipeline (examples/beam), so that both
// accept exactly the same input and reject exactly the same records:
//
//   - account records with measure inputs, as JSON Lines (AccountJSON);
//   - the MRR ledger (account, date, amount, currency), as CSV (LedgerCSV) or
//     JSON Lines (LedgerJSON), and subscriptions as JSON Lines (ParseSubscription);
//   - survival rows (duration, event, stratum) and spells (start, end) as CSV
//     (SurvivalCSV, SpellCSV);
//   - transactions (account, date, amount) as CSV (TransactionCSV).
//
// Every parser works on one line or one CSV row at a time, the way Beam hands
// them out, and returns either the record or a *Reject naming the file, line,
// field and reason, never the value (which may be personal). The streaming
// readers (Lines, LedgerReader) are built on the same functions.
package records
