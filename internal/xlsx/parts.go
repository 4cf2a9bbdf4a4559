package xlsx

import (
	"encoding/xml"
	"fmt"
	"path"
	"strings"
)

// The relationships that lead from the package to its worksheets (ECMA-376
// part 2, Open Packaging Conventions; part 1, §8.2 and §18.2.19).
const (
	relOfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	relWorksheet      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
	relNamespace      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// relationships is a part's .rels.
type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
		Mode   string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

// workbookSheets is the list of sheets of a workbook part.
type workbookSheets struct {
	Sheets []struct {
		Name string `xml:"name,attr"`
		ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"sheets>sheet"`
}

// worksheets finds the worksheet part of each sheet the way a reader does,
// by the package's structure: the package's relationships name the
// workbook part, the workbook lists its sheets with a relationship each,
// and the workbook's relationships name each sheet's part. It returns the
// sheet's name by the part's name.
func worksheets(entries map[string]*zipEntry) (map[string]string, error) {
	read := func(part string, v any) error {
		e, ok := entries[part]
		if !ok {
			return fmt.Errorf("the workbook has no part %s", part)
		}
		if err := xml.Unmarshal(e.raw, v); err != nil {
			return fmt.Errorf("%s: %w", part, err)
		}
		return nil
	}
	var root relationships
	if err := read("_rels/.rels", &root); err != nil {
		return nil, err
	}
	workbook := ""
	for _, r := range root.Rels {
		if r.Type == relOfficeDocument {
			workbook = partName("", r.Target)
		}
	}
	if workbook == "" {
		return nil, fmt.Errorf("_rels/.rels names no workbook")
	}
	var sheets workbookSheets
	if err := read(workbook, &sheets); err != nil {
		return nil, err
	}
	var rels relationships
	dir, base := path.Split(workbook)
	if err := read(dir+"_rels/"+base+".rels", &rels); err != nil {
		return nil, err
	}
	byID := map[string]string{}
	for _, r := range rels.Rels {
		if r.Type == relWorksheet && r.Mode != "External" {
			byID[r.ID] = partName(dir, r.Target)
		}
	}
	out := make(map[string]string, len(sheets.Sheets))
	for _, s := range sheets.Sheets {
		part, ok := byID[s.ID]
		if !ok {
			return nil, fmt.Errorf("%s: sheet %q has no worksheet relationship %q", workbook, s.Name, s.ID)
		}
		out[part] = s.Name
	}
	return out, nil
}

// partName resolves a relationship's target against the folder of its
// source part: "worksheets/sheet1.xml" from "xl/" is xl/worksheets/sheet1.xml,
// "/xl/workbook.xml" is xl/workbook.xml.
func partName(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return path.Clean(target[1:])
	}
	return path.Clean(path.Join(dir, target))
}
