package records

import "github.com/secondsale/secondsale/success"

// currencies remembers the last currency read, so a file in one currency
// validates its code once.
type currencies struct {
	days dayCache
	last []byte
	cur  success.Currency
	exp  int32
}

func (c *currencies) parse(b []byte) (success.Currency, bool) {
	if c.cur != "" && string(b) == string(c.last) {
		return c.cur, true
	}
	cur, err := success.ParseCurrency(string(b))
	if err != nil {
		return "", false
	}
	c.last, c.cur, c.exp = append(c.last[:0], b...), cur, cur.MinorUnits()
	return cur, true
}

// minorUnits is cur.MinorUnits, remembered for the last currency (a table
// lookup per row is a fifth of the cost of reading a ledger line).
func (c *currencies) minorUnits(cur success.Currency) int32 {
	if cur == c.cur && cur != "" {
		return c.exp
	}
	return cur.MinorUnits()
}
