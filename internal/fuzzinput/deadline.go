package fuzzinput

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

// InputDeadline is how long one fuzz input may run. Go's fuzzer has no
// per-input limit: an input that loops forever only stalls the worker
// until -fuzztime runs out, and is never reported.
const InputDeadline = 10 * time.Second

// Deadline crashes the process, with every goroutine's stack, when the
// input has not finished within InputDeadline, so the fuzzer records it as
// a failing input. Call the returned function when the input is done:
//
//	defer fuzzinput.Deadline()()
func Deadline() (stop func()) {
	timer := time.AfterFunc(InputDeadline, func() {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		fmt.Fprintf(os.Stderr, "fuzz input still running after %s:\n%s\n", InputDeadline, buf)
		panic(fmt.Sprintf("fuzz input still running after %s", InputDeadline))
	})
	return func() { timer.Stop() }
}
