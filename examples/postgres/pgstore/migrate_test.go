package pgstore_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/secondsale/secondsale/examples/postgres/internal/pgtest"
	"github.com/secondsale/secondsale/examples/postgres/pgstore"
)

// emptyPool returns a pool on a fresh schema without migrations.
func emptyPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	_, cfg := pgtest.Schema(t, 4)
	pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func version(t *testing.T, db *pgxpool.Pool) int {
	t.Helper()
	v, err := pgstore.Version(t.Context(), db)
	if err != nil {
		t.Fatalf("Version: %v", err)
	}
	return v
}

func tableExists(t *testing.T, db *pgxpool.Pool, name string) bool {
	t.Helper()
	var ok bool
	if err := db.QueryRow(t.Context(), `SELECT to_regclass($1) IS NOT NULL`, name).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestMigrateIsIdempotent(t *testing.T) {
	db := emptyPool(t)
	if v := version(t, db); v != 0 {
		t.Fatalf("a fresh schema is at version %d, want 0", v)
	}
	for range 2 {
		if err := pgstore.Migrate(t.Context(), db); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
	}
	if v := version(t, db); v != 3 {
		t.Fatalf("after migrating twice the schema is at version %d, want 3", v)
	}
	var n int
	if err := db.QueryRow(t.Context(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != 3 {
		t.Fatalf("schema_migrations holds %d rows (%v), want 3", n, err)
	}
}

func TestMigrateConcurrentStarters(t *testing.T) {
	// Processes starting together: the advisory lock lets one apply each
	// migration and the others find it recorded.
	db := emptyPool(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = pgstore.Migrate(context.Background(), db) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent Migrate: %v", err)
	}
	if v := version(t, db); v != 3 {
		t.Fatalf("version %d, want 3", v)
	}
}

func TestFailingMigrationKeepsThePreviousSchema(t *testing.T) {
	db := emptyPool(t)
	good := fstest.MapFS{"m/0001_first.sql": {Data: []byte(`CREATE TABLE first (x integer);`)}}
	if err := pgstore.MigrateFS(t.Context(), db, good, "m"); err != nil {
		t.Fatalf("MigrateFS: %v", err)
	}
	// The second migration's first statement succeeds and its second
	// fails: neither may remain, nor the version.
	bad := fstest.MapFS{
		"m/0001_first.sql":  good["m/0001_first.sql"],
		"m/0002_second.sql": {Data: []byte(`CREATE TABLE second (x integer); ALTER TABLE first ADD COLUMN y integer; SELECT 1/0;`)},
	}
	err := pgstore.MigrateFS(t.Context(), db, bad, "m")
	if !errors.Is(err, pgstore.ErrMigration) {
		t.Fatalf("a failing migration: got %v, want ErrMigration", err)
	}
	if v := version(t, db); v != 1 {
		t.Fatalf("after a failing migration the version is %d, want 1", v)
	}
	if tableExists(t, db, "second") {
		t.Fatal("the failed migration's table was left behind")
	}
	var cols int
	if err := db.QueryRow(t.Context(), `SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'first'`).Scan(&cols); err != nil || cols != 1 {
		t.Fatalf("table first has %d columns (%v), want its 1: the failed migration changed it", cols, err)
	}
	fixed := fstest.MapFS{
		"m/0001_first.sql":  good["m/0001_first.sql"],
		"m/0002_second.sql": {Data: []byte(`CREATE TABLE second (x integer);`)},
	}
	if err := pgstore.MigrateFS(t.Context(), db, fixed, "m"); err != nil {
		t.Fatalf("the fixed migration: %v", err)
	}
	if v := version(t, db); v != 2 || !tableExists(t, db, "second") {
		t.Fatalf("after the fix: version %d, table second exists %v; want 2, true", v, tableExists(t, db, "second"))
	}
}

func TestMigrationNames(t *testing.T) {
	db := emptyPool(t)
	for name, fsys := range map[string]fstest.MapFS{
		"no number": {"m/first.sql": {Data: []byte(`SELECT 1`)}},
		"zero":      {"m/0000_first.sql": {Data: []byte(`SELECT 1`)}},
		"twice":     {"m/0001_a.sql": {Data: []byte(`SELECT 1`)}, "m/1_b.sql": {Data: []byte(`SELECT 1`)}},
	} {
		if err := pgstore.MigrateFS(t.Context(), db, fsys, "m"); !errors.Is(err, pgstore.ErrMigration) {
			t.Errorf("%s: got %v, want ErrMigration", name, err)
		}
	}
	if v := version(t, db); v != 0 {
		t.Fatalf("bad names applied migrations: version %d", v)
	}
}
