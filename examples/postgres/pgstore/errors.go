package pgstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrRetry reports a failure that left the database as it was before the
// call: a lost or killed connection, a serialisation failure, a deadlock, a
// server shutting down, a COMMIT whose acknowledgement was lost and that
// the server says did not commit. Repeating the whole operation is safe.
// Test it with errors.Is.
var ErrRetry = errors.New("pgstore: transient database failure, safe to retry")

// ErrCommitUnknown reports that the connection failed during COMMIT and the
// server could not say, within about a second, whether the transaction
// committed: the call may have taken effect. Repeat it only where the data
// tell: HealthStore.Append reports ErrDuplicate for a score already stored,
// and a host that records its progress in the evaluation's transaction
// (Exec) finds its row; a repeated RiskHistory.Record would store its
// observations twice, and a repeated engine evaluation its trace. It does
// not match ErrRetry.
var ErrCommitUnknown = errors.New("pgstore: the connection failed during COMMIT and whether it committed is unknown")

// retryError wraps a transient failure so that it matches ErrRetry and
// still unwraps to the driver's error.
type retryError struct{ err error }

func (e *retryError) Error() string { return fmt.Sprintf("%v: %v", ErrRetry, e.err) }

// Unwrap returns ErrRetry and the driver's error.
func (e *retryError) Unwrap() []error { return []error{ErrRetry, e.err} }

// wrap turns a driver error of op into the error a store returns: the
// context's error when ctx is done (so errors.Is(err, context.Canceled)
// holds), an ErrRetry for a transient failure, else the error with op.
func wrap(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("pgstore: %s: %w", op, cerr)
	}
	if transient(err) {
		return fmt.Errorf("pgstore: %s: %w", op, &retryError{err})
	}
	return fmt.Errorf("pgstore: %s: %w", op, err)
}

// transient reports whether err is a failure after which the same work may
// succeed: SQLSTATE class 08 (connection), 40 (transaction rollback:
// serialisation failure, deadlock), 57P01-57P03 (server shut down or
// terminated the backend), or a broken connection seen by the driver.
func transient(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		if len(pg.Code) != 5 {
			return false
		}
		switch pg.Code[:2] {
		case "08", "40":
			return true
		}
		switch pg.Code {
		case "57P01", "57P02", "57P03", "53300":
			return true
		}
		return false
	}
	// The driver's own I/O failures (a write that never reached the
	// server, a read from a connection that died) implement SafeToRetry;
	// whatever it returns, the transaction did not commit unseen, except
	// for a lost COMMIT acknowledgement, which ErrRetry's doc covers.
	var driverIO interface{ SafeToRetry() bool }
	var ne net.Error
	return errors.As(err, &driverIO) || errors.As(err, &ne) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, pgconn.ErrConnClosed)
}

// uniqueViolation reports the constraint a unique violation hit, or "".
func uniqueViolation(err error) string {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23505" {
		return pg.ConstraintName
	}
	return ""
}
