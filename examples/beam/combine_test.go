package main

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { ptest.Main(m) }

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func smallLedger() []success.LedgerRow {
	row := func(acct string, d time.Time, amt string) success.LedgerRow {
		return success.LedgerRow{Account: success.AccountID(acct), Date: d, MRR: success.MustMoney(amt, "USD")}
	}
	return []success.LedgerRow{
		row("a", day(2026, 1, 5), "100.00"), row("a", day(2026, 2, 5), "120.00"), row("a", day(2026, 3, 5), "120.00"),
		row("b", day(2026, 1, 9), "50.00"), row("b", day(2026, 2, 9), "0"),
		row("c", day(2026, 2, 1), "80.10"), row("c", day(2026, 3, 1), "40.05"),
		row("d", day(2026, 3, 20), "10.00"),
	}
}

func reportJSON(m *churn.Movements, through time.Time) (string, error) {
	r, err := m.Report(through)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(r)
	return string(b), err
}

func TestCombineMovementsEqualsOnePass(t *testing.T) {
	rows := smallLedger()
	through := day(2026, 3, 31)
	one, err := churn.NewMovements(churn.MovementOptions{})
	require.NoError(t, err)
	for _, r := range rows {
		require.NoError(t, one.Add(r))
	}
	want, err := reportJSON(one, through)
	require.NoError(t, err)

	p, s := beam.NewPipelineWithRoot()
	col := beam.CreateList(s, rows)
	empty, err := churn.NewMovements(churn.MovementOptions{})
	require.NoError(t, err)
	acc, err := combineAll(s, empty, col)
	require.NoError(t, err)
	got := beam.ParDo(s, &movementsReportFn{Through: through}, acc)
	passert.Equals(s, got, want)
	ptest.RunAndValidate(t, p)
}

// The adapter's methods are the accumulator's: a state that does not
// decode, a refused item and merging an accumulator into itself are errors,
// never a silently wrong accumulator.
func TestCombineFnMethods(t *testing.T) {
	empty, err := churn.NewMovements(churn.MovementOptions{})
	require.NoError(t, err)
	fn, err := newCombineFn(empty)
	require.NoError(t, err)
	a, err := fn.CreateAccumulator()
	require.NoError(t, err)
	require.NotSame(t, empty, a)
	rows := smallLedger()
	a, err = fn.AddInput(a, rows[0])
	require.NoError(t, err)
	_, err = fn.AddInput(a, success.LedgerRow{Account: "x", Date: day(2026, 1, 1), MRR: success.MustMoney("1.00", "EUR")})
	require.ErrorIs(t, err, success.ErrCurrencyMismatch)
	b, err := fn.CreateAccumulator()
	require.NoError(t, err)
	b, err = fn.AddInput(b, rows[1])
	require.NoError(t, err)
	a, err = fn.MergeAccumulators(a, b)
	require.NoError(t, err)
	require.Equal(t, 1, a.Accounts())
	_, err = fn.MergeAccumulators(a, a)
	require.ErrorContains(t, err, "into itself")
	_, err = (&mergeFn[churn.Movements, *churn.Movements]{}).MergeAccumulators(a, a)
	require.ErrorContains(t, err, "into itself")

	_, err = (&combineFn[churn.Movements, *churn.Movements, success.LedgerRow]{Empty: []byte(`{"kind":"cohort.table"}`)}).CreateAccumulator()
	require.ErrorContains(t, err, "creating accumulator")
}

// One coder serves every accumulator: it encodes with MarshalBinary and
// decodes into a new value of the accumulator's own type.
func TestStateCoder(t *testing.T) {
	m, err := churn.NewMovements(churn.MovementOptions{})
	require.NoError(t, err)
	for _, r := range smallLedger() {
		require.NoError(t, m.Add(r))
	}
	data, err := encodeState(m)
	require.NoError(t, err)
	got, err := decodeState(reflect.TypeOf(m), data)
	require.NoError(t, err)
	require.IsType(t, &churn.Movements{}, got)
	want, err := reportJSON(m, day(2026, 3, 31))
	require.NoError(t, err)
	again, err := reportJSON(got.(*churn.Movements), day(2026, 3, 31))
	require.NoError(t, err)
	require.Equal(t, want, again)

	_, err = decodeState(reflect.TypeOf(churn.Movements{}), data)
	require.ErrorContains(t, err, "not a pointer type")
	_, err = decodeState(reflect.TypeOf(&cohort.TableAccumulator{}), data)
	require.Error(t, err, "a movements state is not a table's")
}
