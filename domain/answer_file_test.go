package domain

import (
	"errors"
	"testing"
)

func TestAddFile(t *testing.T) {
	qn := &Question{ID: "scan", Type: TypeFile, MaxFiles: 3}
	old := Answer{File: &FileRef{FileID: "p1", Photo: true}} // stored before Files existed
	a, err := AddFile(qn, old, FileRef{FileID: "p2", Photo: true})
	if err != nil {
		t.Fatal(err)
	}
	if a, err = AddFile(qn, a, FileRef{FileID: "p2", Photo: true}); err != nil || len(a.AllFiles()) != 2 {
		t.Fatalf("the same photo again: %d files, %v", len(a.AllFiles()), err)
	}
	if a, err = AddFile(qn, a, FileRef{FileID: "d1", Name: "bao-cao.pdf"}); err != nil {
		t.Fatal(err)
	}
	if a.File != nil || len(a.Files) != 3 || a.Files[0].FileID != "p1" || a.Files[2].FileID != "d1" {
		t.Fatalf("files = %+v, %+v", a.File, a.Files)
	}
	_, err = AddFile(qn, a, FileRef{FileID: "p4"})
	var ue *UserError
	if !errors.As(err, &ue) || ue.MsgID != "answer.too_many_files" || ue.Data["Max"] != 3 {
		t.Fatalf("a fourth file: %v", err)
	}
	if got := FormatAnswer(qn, a, "vi", fakeTr); got != "vi:answer.value_files(Documents=1,Photos=2)" {
		t.Errorf("FormatAnswer = %q", got)
	}
	if got := FormatAnswer(qn, old, "vi", fakeTr); got != "vi:answer.value_photo()" {
		t.Errorf("FormatAnswer of one old photo = %q", got)
	}
	if n := (&Question{Type: TypeFile}).FileLimit(); n != DefaultMaxFiles {
		t.Errorf("default FileLimit %d", n)
	}
	if (Answer{}).AllFiles() != nil {
		t.Error("AllFiles of no file is not nil")
	}
}
