package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

// RiskHistory is a churn.RiskHistory in PostgreSQL (table
// risk_observations): the classifier reads it, the host records into it.
// Observations of one instant come back in the order they were recorded.
// It is safe for concurrent use.
type RiskHistory struct {
	db *pgxpool.Pool
}

var _ churn.RiskHistory = (*RiskHistory)(nil)

// NewRiskHistory returns the at-risk history kept in db, whose schema Open
// or Migrate brought up to date.
func NewRiskHistory(db *pgxpool.Pool) *RiskHistory { return &RiskHistory{db: db} }

// Record stores observations, all or none. It checks them as
// churn.NewRiskLog does and reports every bad one by index (a
// success.FieldErrors wrapping churn.ErrInvalid) before writing anything.
// After ErrRetry nothing was stored; after ErrCommitUnknown the
// observations may be stored, and recording them again would store them
// twice.
func (h *RiskHistory) Record(ctx context.Context, observations ...churn.RiskObservation) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := churn.NewRiskLog(observations); err != nil {
		return err
	}
	for i, o := range observations {
		if err := microseconds(churn.ErrInvalid, fmt.Sprintf("observations[%d].at", i), o.At); err != nil {
			return err
		}
	}
	rows := make([][]any, len(observations))
	for i, o := range observations {
		rows[i] = []any{string(o.Account), o.At, o.BandRank, o.Band, o.Flagged, o.Source}
	}
	return inTx(ctx, h.db, h.db, "record risk observations", func(tx pgx.Tx) error {
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"risk_observations"},
			[]string{"account", "at", "band_rank", "band", "flagged", "source"}, pgx.CopyFromRows(rows))
		return wrap(ctx, "record risk observations", err)
	})
}

// RiskObservations implements churn.RiskHistory.
func (h *RiskHistory) RiskObservations(ctx context.Context, account success.AccountID, from, to time.Time) ([]churn.RiskObservation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows, err := h.db.Query(ctx, `SELECT at, band_rank, band, flagged, source FROM risk_observations
		WHERE account = $1 AND at >= $2 AND at < $3 ORDER BY at, seq`, string(account), from, to)
	if err != nil {
		return nil, wrap(ctx, "risk observations", err)
	}
	var out []churn.RiskObservation
	for rows.Next() {
		o := churn.RiskObservation{Account: account}
		var at pgtype.Timestamptz
		if err := rows.Scan(&at, &o.BandRank, &o.Band, &o.Flagged, &o.Source); err != nil {
			rows.Close()
			return nil, wrap(ctx, "risk observations", err)
		}
		o.At = fromTS(at)
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(ctx, "risk observations", err)
	}
	return out, nil
}
