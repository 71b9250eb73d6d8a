package churn

import "github.com/shopspring/decimal"

var (
	monthsPerYear   = decimal.NewFromInt(12)
	defaultTaxonomy = DefaultTaxonomy()
)
