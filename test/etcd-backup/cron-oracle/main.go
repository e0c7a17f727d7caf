// Command cron-oracle prints how the Kubernetes CronJob controller's schedule parser
// (github.com/robfig/cron/v3 ParseStandard, the version kubernetes v1.36.2 pins) sees each schedule read
// from stdin, one per line: "invalid", "never", or the longest gap in seconds between two consecutive
// runs from 2001-01-01 to 2057-01-01 UTC ("capped <seconds>" when it stopped after -max-runs runs).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/robfig/cron/v3"
)

func longest(s cron.Schedule, maxRuns int) string {
	start := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2057, 1, 1, 0, 0, 0, 0, time.UTC)
	var gap time.Duration
	var prev time.Time
	runs := 0
	for t := s.Next(start.Add(-time.Second)); !t.IsZero() && t.Before(end); t = s.Next(t) {
		if runs == maxRuns {
			return fmt.Sprintf("capped %d", int64(gap.Seconds()))
		}
		if !prev.IsZero() && t.Sub(prev) > gap {
			gap = t.Sub(prev)
		}
		prev = t
		runs++
	}
	if prev.IsZero() {
		return "never"
	}
	return fmt.Sprintf("%d", int64(gap.Seconds()))
}

func main() {
	maxRuns := flag.Int("max-runs", 1000000, "stop walking a schedule after this many runs")
	flag.Parse()
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		s, err := cron.ParseStandard(in.Text())
		if err != nil {
			fmt.Fprintln(out, "invalid")
			continue
		}
		fmt.Fprintln(out, longest(s, *maxRuns))
	}
}
