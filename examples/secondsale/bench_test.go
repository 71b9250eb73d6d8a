package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// genFile writes the gen command's input for a benchmark.
func genFile(b *testing.B, kind string, n string) (file, card string) {
	b.Helper()
	dir := b.TempDir()
	file, card = filepath.Join(dir, "in."+map[string]string{"score": "jsonl", "ledger": "csv"}[kind]), filepath.Join(dir, "card.json")
	if code := Main(context.Background(), []string{"gen", "-kind", kind, "-n", n, "-write-scorecard", card, "-o", file}, nil, io.Discard, io.Discard); code != 0 {
		b.Fatalf("gen: exit %d", code)
	}
	return file, card
}

func benchCommand(b *testing.B, records float64, args ...string) {
	b.Helper()
	devnull, err := os.Create(os.DevNull)
	if err != nil {
		b.Fatal(err)
	}
	defer devnull.Close()
	b.ResetTimer()
	for b.Loop() {
		if code := Main(context.Background(), args, nil, devnull, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(records*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkScore: 200,000 generated accounts of 10 measures, end to end.
func BenchmarkScore(b *testing.B) {
	file, card := genFile(b, "score", "200000")
	benchCommand(b, 200000, "score", "-scorecard", card, file)
}

func BenchmarkScoreExplain(b *testing.B) {
	file, card := genFile(b, "score", "200000")
	benchCommand(b, 200000, "score", "-explain", "-scorecard", card, file)
}

// BenchmarkMovements and BenchmarkCohorts: 2,000,000 generated ledger rows.
func BenchmarkMovements(b *testing.B) {
	file, _ := genFile(b, "ledger", "2000000")
	benchCommand(b, 2e6, "movements", file)
}

func BenchmarkCohorts(b *testing.B) {
	file, _ := genFile(b, "ledger", "2000000")
	benchCommand(b, 2e6, "cohorts", file)
}
