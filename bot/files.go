package bot

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// MaxDownload is the largest file the bot fetches from Telegram (the Bot API's own limit
// for getFile is 20 MB).
const MaxDownload = 20 << 20

// FileEndpoint derives the file download pattern from the API pattern:
// ".../bot%s/%s" becomes ".../file/bot%s/%s". tgbotapi's own File.Link always points at
// api.telegram.org, which is wrong for a self-hosted Bot API server or a test server.
func FileEndpoint(apiEndpoint string) string {
	if i := strings.LastIndex(apiEndpoint, "/bot%s/%s"); i >= 0 {
		return apiEndpoint[:i] + "/file/bot%s/%s"
	}
	return tgbotapi.FileEndpoint
}

// Download fetches a file a user sent, by its file_id. Files over MaxDownload are refused.
func (c *Client) Download(ctx context.Context, fileID string) ([]byte, error) {
	f, err := c.api.GetFile(tgbotapi.FileConfig{FileID: fileID})
	if err != nil {
		return nil, fmt.Errorf("get file: %w", c.redact(err))
	}
	if f.FileSize > MaxDownload {
		return nil, fmt.Errorf("file of %d bytes is over the %d byte limit", f.FileSize, MaxDownload)
	}
	url := fmt.Sprintf(c.fileEndpoint, c.token, f.FilePath)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("download file: %w", c.redact(err))
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download file: %w", c.redact(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download file: HTTP %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxDownload+1))
	if err != nil {
		return nil, fmt.Errorf("download file: %w", c.redact(err))
	}
	if len(data) > MaxDownload {
		return nil, fmt.Errorf("file is over the %d byte limit", MaxDownload)
	}
	return data, nil
}
