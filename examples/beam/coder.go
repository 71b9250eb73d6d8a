package main

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// state is what every SDK accumulator is to Beam's coder registry: a value
// that encodes and decodes itself. One coder, registered for the interface,
// serves every accumulator type.
type state interface {
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}

func encodeState(s state) ([]byte, error) { return s.MarshalBinary() }

// decodeState decodes into a new value of t, the accumulator's pointer type.
func decodeState(t reflect.Type, data []byte) (state, error) {
	if t.Kind() != reflect.Pointer {
		return nil, fmt.Errorf("decoding accumulator state: %v is not a pointer type", t)
	}
	s, ok := reflect.New(t.Elem()).Interface().(state)
	if !ok {
		return nil, fmt.Errorf("decoding accumulator state: %v has no binary coder", t)
	}
	if err := s.UnmarshalBinary(data); err != nil {
		return nil, err
	}
	return s, nil
}

// The SDK's records carry time.Time and decimal money, which Beam's schema
// coder cannot read; their JSON forms round-trip exactly (money as a
// decimal string), so they cross stages as JSON.
func encodeLedgerRow(r success.LedgerRow) ([]byte, error) { return json.Marshal(r) }
func decodeLedgerRow(b []byte) (r success.LedgerRow, err error) {
	return r, json.Unmarshal(b, &r)
}
func encodeTransaction(t cohort.Transaction) ([]byte, error) { return json.Marshal(t) }
func decodeTransaction(b []byte) (t cohort.Transaction, err error) {
	return t, json.Unmarshal(b, &t)
}

func encodePortfolioEntry(e health.PortfolioEntry) ([]byte, error) { return json.Marshal(e) }
func decodePortfolioEntry(b []byte) (e health.PortfolioEntry, err error) {
	return e, json.Unmarshal(b, &e)
}
func encodeSegmentEntry(e segmentEntry) ([]byte, error) { return json.Marshal(e) }
func decodeSegmentEntry(b []byte) (e segmentEntry, err error) {
	return e, json.Unmarshal(b, &e)
}
func encodeAccount(a account) ([]byte, error) { return json.Marshal(a) }
func decodeAccount(b []byte) (a account, err error) {
	return a, json.Unmarshal(b, &a)
}

func init() {
	beam.RegisterCoder(reflect.TypeOf((*state)(nil)).Elem(), encodeState, decodeState)
	beam.RegisterCoder(reflect.TypeOf(success.LedgerRow{}), encodeLedgerRow, decodeLedgerRow)
	beam.RegisterCoder(reflect.TypeOf(cohort.Transaction{}), encodeTransaction, decodeTransaction)
	beam.RegisterCoder(reflect.TypeOf(health.PortfolioEntry{}), encodePortfolioEntry, decodePortfolioEntry)
	beam.RegisterCoder(reflect.TypeOf(account{}), encodeAccount, decodeAccount)
	beam.RegisterCoder(reflect.TypeOf(segmentEntry{}), encodeSegmentEntry, decodeSegmentEntry)
}
