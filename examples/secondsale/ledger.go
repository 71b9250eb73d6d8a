package main

import (
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/success"
)

// ledgerFlags are the flags of the commands that read an MRR ledger.
type ledgerFlags struct {
	m             records.LedgerMapping
	currency      string
	through       string
	throughT      time.Time
	chunk         int
	subscriptions bool
}

func (lf *ledgerFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&lf.m.Account, "account", "account", "`column` (or key) of the account ID")
	fs.StringVar(&lf.m.Date, "date", "date", "`column` of the snapshot date (YYYY-MM-DD or RFC 3339)")
	fs.StringVar(&lf.m.Amount, "amount", "amount", "`column` of the MRR amount")
	fs.StringVar(&lf.m.Currency, "currency", "currency", "`column` of the currency code")
	fs.StringVar(&lf.currency, "currency-code", "", "ISO 4217 `code` of amounts without a currency column or cell")
	fs.StringVar(&lf.m.DateLayout, "date-layout", "", "Go time `layout` of dates, e.g. 20060102 (default YYYY-MM-DD or RFC 3339)")
	fs.StringVar(&lf.through, "through", "", "report up to this `date` (default: the last date in the ledger; required with -subscriptions)")
	fs.IntVar(&lf.chunk, "chunk", 1<<20, "ledger rows per columnar batch")
	fs.BoolVar(&lf.subscriptions, "subscriptions", false, "the input is subscriptions (JSON Lines: account, id, start, end, amount, interval, quantity), normalised to a monthly ledger")
}

func (lf *ledgerFlags) check(c *cli) error {
	if lf.currency != "" {
		cur, err := success.ParseCurrency(lf.currency)
		if err != nil {
			return c.usageErr("-currency-code: not an ISO 4217 code")
		}
		lf.m.DefaultCurrency = cur
	}
	if lf.chunk < 1 {
		return c.usageErr("-chunk must be >= 1")
	}
	if lf.subscriptions && lf.through == "" {
		return c.usageErr("-subscriptions needs -through (the date of the ledger's last snapshot)")
	}
	if lf.through != "" {
		t, ok := records.ParseTime([]byte(lf.through), "")
		if !ok {
			return c.usageErr("-through: not a date")
		}
		lf.throughT = t
	}
	return nil
}

// readLedger reads every input into sink, columns in batches, and returns
// the through date: -through, else the last date read.
func (c *cli) readLedger(lf *ledgerFlags, sink records.LedgerSink, onKey func(account, key []byte, line int64) *records.Reject) (time.Time, bool, error) {
	c.prog.begin(c.name, c.stderr, c.forceProgress)
	var last int32
	any := false
	for _, in := range c.inputs() {
		var err error
		if lf.subscriptions {
			err = c.readSubscriptions(in, lf, sink)
			any = true
		} else {
			var l int32
			var got bool
			l, got, err = c.readLedgerFile(in, lf, sink, onKey)
			if got && (!any || l > last) {
				last, any = l, true
			}
		}
		if err != nil || c.stoppedAt != "" {
			return time.Time{}, false, err
		}
	}
	if lf.through != "" {
		return lf.throughT, true, nil
	}
	return records.DayTime(last), any, nil
}

func (c *cli) readLedgerFile(name string, lf *ledgerFlags, sink records.LedgerSink, onKey func(account, key []byte, line int64) *records.Reject) (int32, bool, error) {
	rc, display, err := c.open(name)
	if err != nil {
		return 0, false, err
	}
	defer rc.Close()
	r, err := records.NewLedgerReader(rc, display, c.inputFormat(name, "csv"), lf.m)
	if errors.Is(err, errInterrupted) {
		return 0, false, c.readErr(display, 0, err)
	}
	if err != nil {
		return 0, false, err
	}
	r.OnKey, r.Currency = onKey, c.currency
	defer func() { c.currency = r.Currency }()
	var b records.LedgerBatch
	read := c.read
	for r.Next(&b, lf.chunk) {
		c.read = read + r.Read
		for _, rej := range b.Rejects {
			c.reject(rej)
		}
		if err := b.AddTo(sink, display, success.ColumnOptions{}, c.reject); err != nil {
			return 0, false, err
		}
		c.prog.tick(c.read)
		if c.stopped(display, r.Line()) {
			break
		}
	}
	c.read = read + r.Read
	if r.Err() != nil {
		return 0, false, c.readErr(display, r.Line(), r.Err())
	}
	last, ok := r.LastDay()
	return last, ok, nil
}

// readSubscriptions normalises a file of subscriptions into the ledger.
func (c *cli) readSubscriptions(name string, lf *ledgerFlags, sink records.LedgerSink) error {
	rc, display, err := c.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	lines := records.NewLines(rc)
	var subs []success.Subscription
	var at []int64
	for {
		line, rej, ok := lines.NextRecord(display)
		if !ok {
			break
		}
		c.read++
		var s success.Subscription
		if rej == nil {
			s, rej = records.ParseSubscription(display, line, lines.Line())
		}
		if rej != nil {
			c.reject(*lines.Note(rej, display))
			continue
		}
		subs, at = append(subs, s), append(at, lines.Line())
		if c.stopped(display, lines.Line()) {
			return nil
		}
	}
	if lines.Err() != nil {
		return c.readErr(display, lines.Line(), lines.Err())
	}
	opts := &success.SubscriptionOptions{Unobserved: func(i int, _ success.Subscription) {
		c.reject(records.Reject{File: display, Line: at[i], Reason: "starts and ends between two month-end snapshots: the monthly ledger never sees it"})
	}}
	seq := func(yield func(success.Subscription) bool) {
		for _, s := range subs {
			if !yield(s) {
				return
			}
		}
	}
	for row, err := range success.NormalizeSubscriptions(seq, lf.throughT, opts) {
		if err != nil {
			return fmt.Errorf("%s: %w", display, err)
		}
		if err := sink.Add(row); err != nil {
			return fmt.Errorf("%s: %w", display, err)
		}
	}
	return nil
}
