package xlsx

import (
	"strings"

	"github.com/xuri/excelize/v2"
)

// moneyFormat is the number format of an amount with places decimals.
func moneyFormat(places int32) string {
	if places <= 0 {
		return "#,##0"
	}
	return "#,##0." + strings.Repeat("0", int(places))
}

// styles registers the Book's styles with the file.
func (b *Book) styles(f *excelize.File) ([styleCount]int, error) {
	var ids [styleCount]int
	font := &excelize.Font{Family: "Calibri", Size: 11}
	bold := &excelize.Font{Family: "Calibri", Size: 11, Bold: true}
	topBorder := []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	money := moneyFormat(b.places)
	top := &excelize.Alignment{Vertical: "top"} // beside wrapped text, figures align with its first line
	defs := map[Style]*excelize.Style{
		StyleTitle:       {Font: &excelize.Font{Family: "Calibri", Size: 14, Bold: true}},
		StyleNote:        {Font: &excelize.Font{Family: "Calibri", Size: 10, Italic: true, Color: "404040"}},
		StyleNoteWrap:    {Font: &excelize.Font{Family: "Calibri", Size: 10, Italic: true, Color: "404040"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}},
		StyleHeader:      {Font: bold, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}},
		StyleText:        {Font: font, Alignment: top},
		StyleMoney:       {Font: font, CustomNumFmt: &money, Alignment: top},
		StyleMoney2:      {Font: font, CustomNumFmt: ptr("#,##0.00"), Alignment: top},
		StyleExact:       {Font: font, CustomNumFmt: ptr("#,##0.0000"), Alignment: top},
		StyleInt:         {Font: font, CustomNumFmt: ptr("#,##0"), Alignment: top},
		StyleShare:       {Font: font, CustomNumFmt: ptr("0.00%"), Alignment: top},
		StylePercent:     {Font: font, CustomNumFmt: ptr("0.00%"), Alignment: top},
		StyleShareExact:  {Font: font, CustomNumFmt: ptr("0.0000%"), Alignment: top},
		StyleFactor:      {Font: font, CustomNumFmt: ptr("0.000000"), Alignment: top},
		StyleTotalText:   {Font: bold, Border: topBorder},
		StyleTotalMoney:  {Font: bold, Border: topBorder, CustomNumFmt: &money},
		StyleTotalMoney2: {Font: bold, Border: topBorder, CustomNumFmt: ptr("#,##0.00")},
		StyleTotalInt:    {Font: bold, Border: topBorder, CustomNumFmt: ptr("#,##0")},
		StyleTotalShare:  {Font: bold, Border: topBorder, CustomNumFmt: ptr("0.00%")},
		StyleCheck:       {Font: bold, Alignment: &excelize.Alignment{Horizontal: "center"}},
		StyleDate:        {Font: font, CustomNumFmt: ptr("yyyy-mm-dd"), Alignment: top},
		StyleWrap:        {Font: font, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}},
		StyleNumber:      {Font: font, NumFmt: 0, Alignment: top},
	}
	for st := Style(1); st < styleCount; st++ {
		id, err := f.NewStyle(defs[st])
		if err != nil {
			return ids, err
		}
		ids[st] = id
	}
	return ids, nil
}

func ptr[T any](v T) *T { return &v }
