package success

import (
	"database/sql/driver"
	"fmt"

	"github.com/secondsale/secondsale/internal/enum"
)

// Currency is an ISO 4217 alphabetic code such as "USD" or "EUR". Only active
// codes are valid; build one with ParseCurrency or check it with Validate.
type Currency string

// ParseCurrency returns s as a Currency, or an error wrapping ErrUnknownCurrency
// when s is not an active ISO 4217 code. Codes are upper case; "usd" is rejected
// rather than guessed at.
func ParseCurrency(s string) (Currency, error) {
	c := Currency(s)
	if err := c.Validate(); err != nil {
		return "", err
	}
	return c, nil
}

// looksLikeCode reports whether c is three ASCII letters: the shape of a
// currency code, which an error may quote without quoting a personal value.
func looksLikeCode(c Currency) bool {
	if len(c) != 3 {
		return false
	}
	for i := range 3 {
		if b := c[i] | 0x20; b < 'a' || b > 'z' {
			return false
		}
	}
	return true
}

// Validate reports whether c is an active ISO 4217 code.
func (c Currency) Validate() error {
	if c == "" {
		return fmt.Errorf("%w: the code is empty (want an ISO 4217 code such as USD)", ErrUnknownCurrency)
	}
	if _, ok := minorUnits[c]; !ok {
		if !looksLikeCode(c) { // a misplaced value (an e-mail in the currency column) is not repeated
			return fmt.Errorf("%w: not a three-letter code (want an ISO 4217 code such as USD)", ErrUnknownCurrency)
		}
		return fmt.Errorf("%w %q (want an ISO 4217 code such as USD)", ErrUnknownCurrency, string(c))
	}
	return nil
}

// MinorUnits returns the number of decimal places of the currency's minor unit
// (2 for USD, 0 for JPY, 3 for KWD), the usual precision for rounding amounts
// that are paid. It returns 2 for an unknown code.
func (c Currency) MinorUnits() int32 {
	if d, ok := minorUnits[c]; ok {
		return d
	}
	return 2
}

// MarshalText implements encoding.TextMarshaler: the code, nothing for the
// empty Currency, and an error for a code UnmarshalText could not read back.
func (c Currency) MarshalText() ([]byte, error) { return enum.Encode(c) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the code.
func (c *Currency) UnmarshalText(b []byte) error {
	v, err := ParseCurrency(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Value implements driver.Valuer: a currency is stored as its code.
func (c Currency) Value() (driver.Value, error) { return string(c), nil }

// Scan implements sql.Scanner for string and []byte columns.
func (c *Currency) Scan(src any) error {
	switch v := src.(type) {
	case string:
		return c.UnmarshalText([]byte(v))
	case []byte:
		return c.UnmarshalText(v)
	default:
		return fmt.Errorf("%w: cannot scan %T into Currency", ErrInvalid, src)
	}
}

// minorUnits lists the active ISO 4217 codes (list one, 2024 edition) with the
// decimal places of their minor unit. Funds codes and precious metals are left
// out: nobody bills a subscription in troy ounces.
var minorUnits = map[Currency]int32{
	"AED": 2, "AFN": 2, "ALL": 2, "AMD": 2, "ANG": 2, "AOA": 2, "ARS": 2, "AUD": 2,
	"AWG": 2, "AZN": 2, "BAM": 2, "BBD": 2, "BDT": 2, "BGN": 2, "BHD": 3, "BIF": 0,
	"BMD": 2, "BND": 2, "BOB": 2, "BRL": 2, "BSD": 2, "BTN": 2, "BWP": 2, "BYN": 2,
	"BZD": 2, "CAD": 2, "CDF": 2, "CHF": 2, "CLP": 0, "CNY": 2, "COP": 2, "CRC": 2,
	"CUP": 2, "CVE": 2, "CZK": 2, "DJF": 0, "DKK": 2, "DOP": 2, "DZD": 2, "EGP": 2,
	"ERN": 2, "ETB": 2, "EUR": 2, "FJD": 2, "FKP": 2, "GBP": 2, "GEL": 2, "GHS": 2,
	"GIP": 2, "GMD": 2, "GNF": 0, "GTQ": 2, "GYD": 2, "HKD": 2, "HNL": 2, "HTG": 2,
	"HUF": 2, "IDR": 2, "ILS": 2, "INR": 2, "IQD": 3, "IRR": 2, "ISK": 0, "JMD": 2,
	"JOD": 3, "JPY": 0, "KES": 2, "KGS": 2, "KHR": 2, "KMF": 0, "KPW": 2, "KRW": 0,
	"KWD": 3, "KYD": 2, "KZT": 2, "LAK": 2, "LBP": 2, "LKR": 2, "LRD": 2, "LSL": 2,
	"LYD": 3, "MAD": 2, "MDL": 2, "MGA": 2, "MKD": 2, "MMK": 2, "MNT": 2, "MOP": 2,
	"MRU": 2, "MUR": 2, "MVR": 2, "MWK": 2, "MXN": 2, "MYR": 2, "MZN": 2, "NAD": 2,
	"NGN": 2, "NIO": 2, "NOK": 2, "NPR": 2, "NZD": 2, "OMR": 3, "PAB": 2, "PEN": 2,
	"PGK": 2, "PHP": 2, "PKR": 2, "PLN": 2, "PYG": 0, "QAR": 2, "RON": 2, "RSD": 2,
	"RUB": 2, "RWF": 0, "SAR": 2, "SBD": 2, "SCR": 2, "SDG": 2, "SEK": 2, "SGD": 2,
	"SHP": 2, "SLE": 2, "SOS": 2, "SRD": 2, "SSP": 2, "STN": 2, "SVC": 2, "SYP": 2,
	"SZL": 2, "THB": 2, "TJS": 2, "TMT": 2, "TND": 3, "TOP": 2, "TRY": 2, "TTD": 2,
	"TWD": 2, "TZS": 2, "UAH": 2, "UGX": 0, "USD": 2, "UYU": 2, "UZS": 2, "VES": 2,
	"VND": 0, "VUV": 0, "WST": 2, "XAF": 0, "XCD": 2, "XCG": 2, "XOF": 0, "XPF": 0,
	"YER": 2, "ZAR": 2, "ZMW": 2, "ZWG": 2,
}
