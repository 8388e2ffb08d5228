package export

import (
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
)

// intTicks chooses the axis of a count whose largest value is maxV: a step from 1, 2, 5,
// 10, 20, 50… so that at most maxTicks steps reach maxV, and top, the first multiple of
// the step at or above maxV (at least one step, so an empty axis still reads 0 and 1).
// Every tick is a whole number: a number of schools has no halves.
func intTicks(maxV, maxTicks int) (step, top int) {
	maxTicks = max(maxTicks, 1)
	step = 1
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * mag
			if (maxV+step-1)/step <= maxTicks {
				top = max((maxV+step-1)/step, 1) * step
				return step, top
			}
		}
	}
}

// dateSteps are the day intervals date labels may take: every day, every few days,
// weekly, then by whole weeks.
var dateSteps = []int{1, 2, 3, 7, 14, 28, 56, 91, 182, 364}

// dateStep returns how many days apart to label an axis whose days are dayW pixels apart
// so that labels labelW pixels wide never touch: the first step of dateSteps giving each
// label labelW plus a gap of a quarter of it.
func dateStep(dayW float64, labelW int) int {
	need := float64(labelW) * 1.25
	for _, s := range dateSteps {
		if float64(s)*dayW >= need {
			return s
		}
	}
	return dateSteps[len(dateSteps)-1]
}

// dayMonth is d as "dd/mm", the label of a day on the chart's axis.
func dayMonth(d domain.CivilDate) string { return fmt.Sprintf("%02d/%02d", d.Day, int(d.Month)) }
