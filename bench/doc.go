// Package bench measures reportbot against Telegram's limits and against the cheapest bots
// the same library can make. Run it with
//
//	go test -run '^$' -bench . -benchtime 1x -timeout 30m ./bench/
//
// and copy the printed tables into BENCHMARKS.md. Every number is measured in one run on one
// machine, so compare them as ratios: the machines are shared and noisy.
package bench
