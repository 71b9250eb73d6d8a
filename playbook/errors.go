package playbook

import "errors"

// ErrInvalid reports a definition or input that breaks a documented rule:
// a play without steps, an unknown trigger kind, a cycle in wait
// conditions, a second play with the same ID and version, facts without an
// account. Validation problems are success.FieldErrors whose entries unwrap
// to it.
var ErrInvalid = errors.New("playbook: invalid input")
