package tgtest

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif"  // photo dimensions
	_ "image/jpeg" // photo dimensions
	_ "image/png"  // photo dimensions
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// MaxUploadSize is the Bot API's limit on uploaded files, in bytes.
const MaxUploadSize = 50 << 20

func (s *Server) sendDocument(c *call) (any, *apiError) { return s.sendMedia(c, "document") }

func (s *Server) sendPhoto(c *call) (any, *apiError) { return s.sendMedia(c, "photo") }

func (s *Server) sendMedia(c *call, field string) (any, *apiError) {
	ch, mk, reply, e := s.prepare(c)
	if e != nil {
		return nil, e
	}
	mode := c.params.Get("parse_mode")
	p, e := textParam(c.params.Get("caption"), mode, true)
	if e != nil {
		return nil, e
	}
	up, e := s.fileParamLocked(c, field)
	if e != nil {
		return nil, e
	}
	if e := s.limitLocked(c, ch); e != nil {
		return nil, e
	}
	if up.FileID == "" {
		s.storeFileLocked(&up)
	}
	rec := SentMessage{Caption: c.params.Get("caption"), Plain: p.plain, ParseMode: mode,
		Entities: p.entities, Markup: mk, ReplyTo: reply, File: &up}
	return s.commitLocked(c, ch, rec, func(m *tgbotapi.Message) {
		m.Caption, m.CaptionEntities = p.plain, p.entities
		attachFile(m, up)
	}), nil
}

// fileParamLocked reads an uploaded file, or resolves a file_id or URL sent as a string.
func (s *Server) fileParamLocked(c *call, field string) (Upload, *apiError) {
	if part, ok := c.files[field]; ok {
		if len(part.data) == 0 {
			return Upload{}, badRequest("file must be non-empty")
		}
		if len(part.data) > MaxUploadSize {
			return Upload{}, &apiError{code: 413, desc: "Request Entity Too Large"}
		}
		up := Upload{Field: field, FileName: part.name, Size: len(part.data), Data: part.data,
			MimeType: mimeOf(part.name)}
		if field == "photo" {
			cfg, _, err := image.DecodeConfig(bytes.NewReader(part.data))
			if err != nil {
				return Upload{}, badRequest("IMAGE_PROCESS_FAILED")
			}
			up.Width, up.Height = cfg.Width, cfg.Height
		}
		return up, nil
	}
	v := c.params.Get(field)
	if v == "" {
		return Upload{}, badRequest("there is no %s in the request", field)
	}
	if f := s.files[v]; f != nil {
		up := f.up
		up.Field = field
		return up, nil
	}
	if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
		return Upload{Field: field, FileName: path.Base(v), MimeType: mimeOf(v)}, nil
	}
	return Upload{}, badRequest("wrong file identifier/HTTP URL specified")
}

func mimeOf(name string) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// storeFileLocked gives up a file_id and file_path so getFile and downloads find it.
func (s *Server) storeFileLocked(up *Upload) {
	s.nextFileN++
	dir := "documents"
	if up.Field == "photo" {
		dir = "photos"
	}
	ext := path.Ext(up.FileName)
	if ext == "" && up.Field == "photo" {
		ext = ".jpg"
	}
	up.FileID = fmt.Sprintf("BQACAgIAAxkBAAI%06d", s.nextFileN)
	up.FilePath = fmt.Sprintf("%s/file_%d%s", dir, s.nextFileN, ext)
	f := &storedFile{up: *up}
	s.files[up.FileID] = f
	s.filesByPath[up.FilePath] = f
}

func attachFile(m *tgbotapi.Message, up Upload) {
	if up.Field == "photo" {
		m.Photo = []tgbotapi.PhotoSize{{FileID: up.FileID, FileUniqueID: "u" + up.FileID,
			Width: up.Width, Height: up.Height, FileSize: up.Size}}
		return
	}
	m.Document = &tgbotapi.Document{FileID: up.FileID, FileUniqueID: "u" + up.FileID,
		FileName: up.FileName, MimeType: up.MimeType, FileSize: up.Size}
}

func (s *Server) getFile(c *call) (any, *apiError) {
	f := s.files[c.params.Get("file_id")]
	if f == nil {
		return nil, badRequest("invalid file_id")
	}
	return tgbotapi.File{FileID: f.up.FileID, FileUniqueID: "u" + f.up.FileID, FileSize: f.up.Size,
		FilePath: f.up.FilePath}, nil
}

// serveFile answers /file/bot<token>/<file_path> with the file's bytes.
func (s *Server) serveFile(w http.ResponseWriter, rest string) {
	token, path, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	f := s.filesByPath[path]
	s.mu.Unlock()
	if token != s.cfg.token {
		writeError(w, &apiError{code: 401, desc: "Unauthorized"})
		return
	}
	if f == nil {
		writeError(w, &apiError{code: 404, desc: "Not Found"})
		return
	}
	w.Header().Set("Content-Type", f.up.MimeType)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.up.Data)))
	w.Write(f.up.Data)
}
