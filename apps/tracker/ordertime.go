package main

import "time"

// micros gives durations in microseconds, as the API answers them (stage_us): stages
// here often take less than a millisecond, which stage_ms rounds down to 0.
func micros(d map[string]time.Duration) map[string]int64 {
	out := make(map[string]int64, len(d))
	for k, v := range d {
		out[k] = v.Microseconds()
	}
	return out
}
