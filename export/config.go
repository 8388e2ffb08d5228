package export

import (
	"fmt"
	"os"
)

// Config is the "export" section of the configuration file: the Word report's letterhead
// and, optionally, a district's own template.
//
//	export:
//	  template: /etc/reportbot/bao-cao.docx   # a .docx with the same placeholders
//	  authority: "UBND HUYỆN CẨM GIÀNG"
//	  place: "Cẩm Giàng"
//	  signer_title: "TRƯỞNG PHÒNG"
//	  signer: "Nguyễn Văn A"
//	  references:
//	    - "Kế hoạch số 290/KH-SGDĐT ngày 13/3/2023 của Sở GDĐT Hải Dương về …"
type Config struct {
	Template    string `yaml:"template"`
	Authority   string `yaml:"authority"`
	Place       string `yaml:"place"`
	Number      string `yaml:"number"`
	SignerTitle string `yaml:"signer_title"`
	Signer      string `yaml:"signer"`
	// References are the plans cited in the report's opening (see DocInfo.References).
	References []string `yaml:"references"`
}

// DocInfo reads the configured template, if any, and checks that it renders. It returns
// the letterhead for DOCX without a date.
func (c Config) DocInfo() (DocInfo, error) {
	info := DocInfo{Authority: c.Authority, Place: c.Place, Number: c.Number, SignerTitle: c.SignerTitle, Signer: c.Signer,
		References: c.References}
	if c.Template == "" {
		return info, nil
	}
	data, err := os.ReadFile(c.Template)
	if err != nil {
		return DocInfo{}, fmt.Errorf("export template: %w", err)
	}
	if err := checkTemplate(data); err != nil {
		return DocInfo{}, fmt.Errorf("export template %s: %w", c.Template, err)
	}
	info.Template = data
	return info, nil
}
