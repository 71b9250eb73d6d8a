package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// HealthStore is a health.Store in PostgreSQL (table health_scores). The
// table's unique constraints decide duplicates, so concurrent appends of
// one account and instant leave one winner whichever process made them.
// Append is one statement: repeated after an ErrCommitUnknown whose commit
// did land, it reports ErrDuplicate, which then means the score is stored.
// It is safe for concurrent use.
type HealthStore struct {
	db *pgxpool.Pool
}

var _ health.Store = (*HealthStore)(nil)

// NewHealthStore returns the score history kept in db, whose schema Open
// or Migrate brought up to date.
func NewHealthStore(db *pgxpool.Pool) *HealthStore { return &HealthStore{db: db} }

// Append implements health.Store.
func (h *HealthStore) Append(ctx context.Context, s health.Score) (health.Score, error) {
	if err := ctx.Err(); err != nil {
		return health.Score{}, err
	}
	if err := s.Validate(); err != nil {
		return health.Score{}, err
	}
	if err := microseconds(health.ErrInvalid, "as_of", s.AsOf); err != nil {
		return health.Score{}, err
	}
	s = s.Clone()
	if s.ID == uuid.Nil {
		id, err := health.NewScoreID(s.AsOf)
		if err != nil {
			return health.Score{}, err
		}
		s.ID = id
	}
	snap, err := json.Marshal(s)
	if err != nil {
		return health.Score{}, fmt.Errorf("%w: score of account %q as of %s does not encode: %v", health.ErrInvalid, s.Account, s.AsOf.Format(time.RFC3339), err)
	}
	_, err = h.db.Exec(ctx, `INSERT INTO health_scores (id, account, as_of, scorecard_id, scorecard_version, value, band, snapshot)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		s.ID, string(s.Account), s.AsOf, s.ScorecardID, s.ScorecardVersion, s.Value, s.Band, snap)
	switch uniqueViolation(err) {
	case "":
	case "health_scores_pkey":
		return health.Score{}, fmt.Errorf("%w: score ID %s is already stored", health.ErrDuplicate, s.ID)
	default:
		return health.Score{}, fmt.Errorf("%w: account %q already has a score as of %s", health.ErrDuplicate, s.Account, s.AsOf.Format(time.RFC3339Nano))
	}
	if err != nil {
		return health.Score{}, wrap(ctx, "append score", err)
	}
	return s, nil
}

// Range implements health.Store.
func (h *HealthStore) Range(ctx context.Context, account success.AccountID, from, to time.Time) ([]health.Score, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if account == "" {
		return nil, fmt.Errorf("%w: account must not be empty", health.ErrInvalid)
	}
	if to.Before(from) {
		return nil, fmt.Errorf("%w: range end %s is before its start %s", health.ErrInvalid, to.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	rows, err := h.db.Query(ctx, `SELECT snapshot FROM health_scores
		WHERE account = $1 AND as_of >= $2 AND as_of < $3 ORDER BY as_of`, string(account), from, to)
	if err != nil {
		return nil, wrap(ctx, "range of scores", err)
	}
	out := []health.Score{}
	for rows.Next() {
		s, err := scanScore(rows)
		if err != nil {
			rows.Close()
			return nil, wrap(ctx, "range of scores", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(ctx, "range of scores", err)
	}
	return out, nil
}

// Latest implements health.Store.
func (h *HealthStore) Latest(ctx context.Context, account success.AccountID, asOf time.Time) (health.Score, error) {
	if err := ctx.Err(); err != nil {
		return health.Score{}, err
	}
	if account == "" {
		return health.Score{}, fmt.Errorf("%w: account must not be empty", health.ErrInvalid)
	}
	row := h.db.QueryRow(ctx, `SELECT snapshot FROM health_scores
		WHERE account = $1 AND as_of <= $2 ORDER BY as_of DESC LIMIT 1`, string(account), asOf)
	s, err := scanScore(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return health.Score{}, fmt.Errorf("%w: no score for account %q as of %s", health.ErrNotFound, account, asOf.Format(time.RFC3339Nano))
	}
	if err != nil {
		return health.Score{}, wrap(ctx, "latest score", err)
	}
	return s, nil
}

// scanScore decodes one stored snapshot.
func scanScore(row pgx.Row) (health.Score, error) {
	var snap []byte
	if err := row.Scan(&snap); err != nil {
		return health.Score{}, err
	}
	var s health.Score
	if err := json.Unmarshal(snap, &s); err != nil {
		return health.Score{}, fmt.Errorf("pgstore: a stored score does not decode: %w", err)
	}
	return s, nil
}
