package main

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// peakRSSMB is the process's peak resident set, as the Python peers read it
// (getrusage's ru_maxrss, KiB on Linux).
func peakRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024
}

// resetHighWaterMark resets the kernel's VmHWM so that the timed section's
// own peak can be read afterwards, as the peers do; false where not allowed.
func resetHighWaterMark() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// highWaterMarkMB reads VmHWM from /proc/self/status (0 when unavailable).
func highWaterMarkMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				return 0
			}
			return kb / 1024
		}
	}
	return 0
}

// sig rounds x to d significant digits, as the peers print their times.
func sig(x float64, d int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	p := math.Pow(10, float64(d)-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// round6 rounds to 6 decimals, as the peers print their check values.
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
