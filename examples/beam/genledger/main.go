// Command genledger writes a synthetic MRR ledger as CSV, for the
// pipeline's benchmark: accounts with 20 months each from a start month
// spread over two years, -snapshots rows a month (a later snapshot in a
// month supersedes an earlier one), amounts in cents.
//
//	go run ./genledger -rows 10000000 -o /tmp/ledger.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
)

func main() {
	rows := flag.Int("rows", 10_000_000, "rows to write")
	out := flag.String("o", "ledger.csv", "output file")
	snapshots := flag.Int("snapshots", 1, "rows per account and month, 1 to 4")
	flag.Parse()
	if *snapshots < 1 || *snapshots > 4 {
		fmt.Fprintln(os.Stderr, "genledger: -snapshots must be 1 to 4")
		os.Exit(2)
	}
	if err := write(*out, *rows, *snapshots); err != nil {
		fmt.Fprintln(os.Stderr, "genledger:", err)
		os.Exit(1)
	}
}

func write(path string, rows, snapshots int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "account,date,amount,currency")
	for i := range rows {
		cell, snap := i/snapshots, i%snapshots
		acct, k := cell/20, cell%20
		m := acct%24 + k // months since 2023-01
		// Some accounts expand or contract; one in seven stops paying after
		// a year (an explicit 0 row).
		amount := 100 + acct%977 + k*(acct%3)
		if acct%7 == 0 && k >= 12 {
			amount = 0
		}
		fmt.Fprintf(w, "acct-%07d,%d-%02d-%02d,%d.%02d,USD\n", acct, 2023+m/12, 1+m%12, 28-7*(snapshots-1-snap), amount+snap, (acct*k)%100)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
