package pgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrations is the schema, one numbered file per step.
//
//go:embed migrations/*.sql
var migrations embed.FS

// ErrMigration reports a migration file that cannot be applied: a bad
// name, a version used twice, or SQL the server refused. The schema stays
// at the last migration that succeeded.
var ErrMigration = errors.New("pgstore: migration failed")

// Open connects to the database named by dsn (a PostgreSQL URL or
// key=value string) and brings its schema up to date with Migrate.
func Open(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the DSN, password included.
		return nil, errors.New("pgstore: the connection string does not parse")
	}
	return OpenConfig(ctx, cfg)
}

// OpenConfig is Open with a pool configuration the caller prepared (pool
// size, search_path, ...).
func OpenConfig(ctx context.Context, cfg *pgxpool.Config) (*pgxpool.Pool, error) {
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, wrap(ctx, "connect", err)
	}
	if err := Migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

// Migrate applies the embedded migrations the database has not seen yet,
// in version order, and records each in the table schema_migrations (in
// the first schema of the search_path). Each migration runs in its own
// transaction together with its record, so a migration that fails leaves
// the schema of the one before it; running Migrate again, or from several
// processes at once (a transaction-scoped advisory lock serialises them),
// applies nothing twice.
func Migrate(ctx context.Context, db *pgxpool.Pool) error {
	return MigrateFS(ctx, db, migrations, "migrations")
}

// migration is one numbered SQL file.
type migration struct {
	version int
	name    string
	sql     string
}

// MigrateFS is Migrate with the migrations read from dir in fsys: files
// named NNNN_description.sql, applied in the order of their numbers.
func MigrateFS(ctx context.Context, db *pgxpool.Pool, fsys fs.FS, dir string) error {
	ms, err := readMigrations(fsys, dir)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := apply(ctx, db, m); err != nil {
			return err
		}
	}
	return nil
}

func readMigrations(fsys fs.FS, dir string) ([]migration, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.sql"))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMigration, err)
	}
	var ms []migration
	seen := map[int]string{}
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("%w: %s: the name must start with a positive number and an underscore", ErrMigration, name)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("%w: %s: version %d is also %s", ErrMigration, name, v, other)
		}
		seen[v] = name
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrMigration, name, err)
		}
		ms = append(ms, migration{version: v, name: base, sql: string(data)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	return ms, nil
}

// apply runs m in one transaction unless it is recorded already.
func apply(ctx context.Context, db *pgxpool.Pool, m migration) error {
	return inTx(ctx, db, db, "migrate: "+m.name, func(tx pgx.Tx) error {
		// One migrator per schema at a time; the lock ends with the
		// transaction.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('secondsale.migrate.' || current_schema(), 0))`); err != nil {
			return wrap(ctx, "migrate: lock", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    integer PRIMARY KEY,
			name       text NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return wrap(ctx, "migrate: version table", err)
		}
		var done bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, m.version).Scan(&done); err != nil {
			return wrap(ctx, "migrate: read version", err)
		}
		if done {
			return nil
		}
		// Without arguments pgx sends the file as one simple query, so a
		// file may hold several statements.
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			if ctx.Err() != nil || transient(err) {
				return wrap(ctx, "migrate: "+m.name, err)
			}
			return fmt.Errorf("%w: %s: %v", ErrMigration, m.name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name); err != nil {
			return wrap(ctx, "migrate: record version", err)
		}
		return nil
	})
}

// Version returns the latest migration applied to db's schema, 0 for
// none.
func Version(ctx context.Context, db *pgxpool.Pool) (int, error) {
	var exists bool
	if err := db.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, wrap(ctx, "version", err)
	}
	if !exists {
		return 0, nil
	}
	var v int
	if err := db.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, wrap(ctx, "version", err)
	}
	return v, nil
}
