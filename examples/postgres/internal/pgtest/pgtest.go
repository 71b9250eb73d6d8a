// Package pgtest gives the example's tests a fresh, migrated schema in the
// database named by SECONDSALE_PG_DSN, and skips them when it is not set.
package pgtest

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/secondsale/secondsale/examples/postgres/pgstore"
)

// EnvDSN names the variable holding the test database's connection string.
const EnvDSN = "SECONDSALE_PG_DSN"

// DSN returns the test database's connection string, or skips t.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvDSN)
	if dsn == "" {
		t.Skip(EnvDSN + " is not set: skipping the PostgreSQL tests (examples/postgres/README.md shows how to start a throwaway server)")
	}
	return dsn
}

// Schema creates an empty schema, dropped when t ends, and returns its
// name with a pool configuration whose connections use it.
func Schema(t testing.TB, maxConns int32) (string, *pgxpool.Config) {
	t.Helper()
	dsn := DSN(t)
	name := "t_" + strings.ReplaceAll(uuid.NewString(), "-", "")
	exec(t, dsn, "CREATE SCHEMA "+name)
	t.Cleanup(func() { exec(t, dsn, "DROP SCHEMA "+name+" CASCADE") })
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("%s does not parse", EnvDSN)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = name
	cfg.MaxConns = maxConns
	return name, cfg
}

// Pool returns a pool of at most maxConns connections on a fresh schema
// that Open migrated; it is closed and its schema dropped when t ends.
func Pool(t testing.TB, maxConns int32) *pgxpool.Pool {
	t.Helper()
	_, cfg := Schema(t, maxConns)
	pool, err := pgstore.OpenConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("pgstore.OpenConfig: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func exec(t testing.TB, dsn, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to %s: %v", EnvDSN, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
