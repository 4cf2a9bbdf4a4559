package input

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// maxStyles bounds the cell formats read from a workbook's styles (Excel
// allows 64 000); a cell whose format is beyond them is not a time.
const maxStyles = 1 << 16

// timeStyles reads the styles part: for each cell format (cellXfs, by the
// index a cell's s attribute gives) whether its number format shows a time
// of day or a duration without a date (h:mm, [h]:mm:ss, mm:ss), so that a
// duration cell Excel shows as 1:30 is read as the fraction of a day it
// holds. A workbook without styles has none; damaged styles stop the file.
func (wb *workbook) timeStyles(name string) ([]bool, error) {
	custom := map[int]bool{} // numFmtId → is a time format
	var out []bool
	inXfs := false
	_, err := wb.scan(name, "the styles", func(tok xml.Token) {
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "numFmt":
				id, code := -1, ""
				for _, a := range el.Attr {
					switch a.Name.Local {
					case "numFmtId":
						if n, err := strconv.Atoi(a.Value); err == nil {
							id = n
						}
					case "formatCode":
						code = a.Value
					}
				}
				if id >= 0 && len(custom) < maxStyles {
					custom[id] = isTimeFormat(code)
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if !inXfs || len(out) >= maxStyles {
					return
				}
				id := 0
				for _, a := range el.Attr {
					if a.Name.Local == "numFmtId" {
						id, _ = strconv.Atoi(a.Value)
					}
				}
				t, ok := custom[id]
				if !ok {
					t = builtinTime(id)
				}
				out = append(out, t)
			}
		case xml.EndElement:
			if el.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// builtinTime reports whether a built-in number format is a time without
// a date: h:mm AM/PM, h:mm:ss AM/PM, h:mm, h:mm:ss, mm:ss, [h]:mm:ss,
// mm:ss.0 (ECMA-376 18.8.30).
func builtinTime(id int) bool {
	switch id {
	case 18, 19, 20, 21, 45, 46, 47:
		return true
	}
	return false
}

// isTimeFormat reports whether a number format code shows hours, minutes
// or seconds and no date: [h]:mm and h:mm:ss are, yyyy-mm-dd hh:mm and
// 0.00 are not. Quoted text, escaped characters and bracketed colours and
// conditions are skipped; [h], [m] and [s] are elapsed time.
func isTimeFormat(code string) bool {
	code = strings.ToLower(code)
	if i := strings.IndexByte(code, ';'); i >= 0 {
		code = code[:i] // the positive section decides
	}
	hasTime := false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 1
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return false
			}
			if b := strings.Trim(code[i+1:i+j], "hms"); b == "" && j > 1 {
				hasTime = true
			}
			i += j
		case 'h', 's':
			hasTime = true
		case 'y', 'd', 'e', 'g', 'b':
			return false
		}
	}
	return hasTime
}
