// Package domain holds reportbot's vocabulary: schools and their levels, people and roles,
// reporting periods, the questionnaire, drafts and submissions, and the errors a user may see.
// It does no I/O; every other package depends on it and it depends on none of them.
package domain
