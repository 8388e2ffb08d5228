package domain

// Locale id of the refusal of one file too many: {{.Max}}, the question's FileLimit.
const msgTooManyFiles = "answer.too_many_files"

// AddFile returns the answer to the file question qn with f appended after the files a
// already holds (a photo album arrives one message per photo), so a multi-page signed
// report keeps every page. A file already there (same FileID) is not added twice. When the
// answer already holds qn.FileLimit() files it returns a UserError answer.too_many_files
// and a unchanged. The engine keeps asking for files until the reporter says done.
func AddFile(qn *Question, a Answer, f FileRef) (Answer, error) {
	files := a.AllFiles()
	for _, g := range files {
		if g.FileID == f.FileID {
			return a, nil
		}
	}
	if len(files) >= qn.FileLimit() {
		return a, Tell(msgTooManyFiles, map[string]any{"Max": qn.FileLimit()})
	}
	a.Files = append(append([]FileRef(nil), files...), f)
	a.File, a.Skipped = nil, false
	return a, nil
}
