//go:build race

package scheduler_test

// raceOn: the race detector slows the embedded store about fivefold, so the bulk test
// sends fewer messages under it.
const raceOn = true
