package sim

import (
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

// UsageAsOf returns the customer's activity series as churn's early-warning
// signals read it as of the day of t: daily active users over the 120 days
// before t, with its tickets per day.
func (c *Customer) UsageAsOf(t time.Time) churn.Usage {
	u := churn.Usage{Account: c.Account.ID, Start: c.Account.StartDate, Grain: success.Daily}
	d := min(c.dayOf(t), len(c.Usage))
	for i := max(0, d-120); i < d; i++ {
		if c.Usage[i] > 0 {
			u.Activity = append(u.Activity, churn.Point{Date: c.Account.StartDate.AddDate(0, 0, i), Count: float64(c.Usage[i])})
		}
	}
	from := t.AddDate(0, 0, -120)
	for _, tk := range c.Tickets {
		if tk.At.After(from) && tk.At.Before(t) {
			day := utcDay(tk.At)
			if n := len(u.Tickets); n > 0 && u.Tickets[n-1].Date.Equal(day) {
				u.Tickets[n-1].Count++
				continue
			}
			u.Tickets = append(u.Tickets, churn.Point{Date: day, Count: 1})
		}
	}
	return u
}

// LastActive returns the last day before t with an active user, or the zero
// time.
func (c *Customer) LastActive(t time.Time) time.Time {
	for d := min(c.dayOf(t), len(c.Usage)) - 1; d >= 0; d-- {
		if c.Usage[d] > 0 {
			return c.Account.StartDate.AddDate(0, 0, d)
		}
	}
	return time.Time{}
}

// Entitlements returns what the account bought by quantity as of the day of
// t and how much it uses: its seats, used by the most daily active users on
// a day of the 30 before t. Nil when it is not a customer.
func (c *Customer) Entitlements(t time.Time) []expansion.Entitlement {
	d := c.dayOf(t)
	st := c.stateAt(d)
	if st.mrrCents == 0 {
		return nil
	}
	var used float32
	hi := max(0, min(d, len(c.Usage)))
	for _, u := range c.Usage[min(max(0, d-30), hi):hi] {
		used = max(used, u)
	}
	return []expansion.Entitlement{{ID: EntitlementSeats, Purchased: float64(st.seats), Used: float64(used)}}
}

// Products returns the products the account owns as of the day of t
// (ProductCore, ProductInsights); nil when it is not a customer.
func (c *Customer) Products(t time.Time) []string {
	st := c.stateAt(c.dayOf(t))
	if st.mrrCents == 0 {
		return nil
	}
	if st.insights {
		return []string{ProductCore, ProductInsights}
	}
	return []string{ProductCore}
}

// meanUsage returns the mean daily active users over days [from, to) since
// the start, counting days before the start or after the series as absent.
func (c *Customer) meanUsage(from, to int) float64 {
	from, to = max(from, 0), min(to, len(c.Usage))
	if to <= from {
		return 0
	}
	var sum float64
	for _, u := range c.Usage[from:to] {
		sum += float64(u)
	}
	return sum / float64(to-from)
}
