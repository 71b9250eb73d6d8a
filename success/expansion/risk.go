package expansion

// Risk is what says the account may be leaving, as plain booleans with the
// host's reasons: the playbook's open risk plays, churn's early-warning
// signals. Either one blocks readiness. The reasons are shown in the
// blockers (in JSON) but never logged: a host's text may be personal.
type Risk struct {
	OpenPlay    bool   `json:"open_play,omitempty"`
	PlayReason  string `json:"play_reason,omitempty"`
	ChurnSignal bool   `json:"churn_signal,omitempty"`
	// SignalReason says which signal fired ("usage down 40% in 30 days").
	SignalReason string `json:"signal_reason,omitempty"`
}
