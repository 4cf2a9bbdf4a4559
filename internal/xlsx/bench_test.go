package xlsx

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

const benchRows = 100_000

// BenchmarkStreamWriterAlone is the floor issue 6 measures the engine
// against: excelize's StreamWriter writing rows of 15 cells like a line
// sheet's (text, a date, numbers, a formula).
func BenchmarkStreamWriterAlone(b *testing.B) {
	for b.Loop() {
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		day := time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
		for r := 1; r <= benchRows; r++ {
			cell, _ := excelize.CoordinatesToCellName(1, r)
			row := []any{"1882", "Socialförvaltningen", day, "ask0001", "55.5 GB used, quota 25 GB", "4.1", 30.5, "GB-månad", 3.2, nil,
				excelize.Cell{Formula: fmt.Sprintf("ROUND(G%d*I%d,2)", r, r), Value: 97.6}, "debiteras", "", "storage.csv", r + 1}
			if err := sw.SetRow(cell, row); err != nil {
				b.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			b.Fatal(err)
		}
		if _, err := f.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkBookStream writes the same rows through Book's streamed
// sheet, with its sorted, spooled zip.
func BenchmarkBookStream(b *testing.B) {
	day := time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
	used, price, amount := decimal.RequireFromString("30.5"), decimal.RequireFromString("3.20"), decimal.RequireFromString("97.60")
	for b.Loop() {
		book := NewBook("bench", 2)
		s := book.Sheet("Lagring")
		s.Widths(9, 30, 11, 16, 40, 7, 10, 13, 11, 11, 13, 11, 40, 16, 7)
		s.Stream(benchRows, func(emit func(cells ...Cell) error) error {
			for r := 1; r <= benchRows; r++ {
				if err := emit(Text("1882"), Text("Socialförvaltningen"), Styled(day, StyleDate), Text("ask0001"),
					Text("55.5 GB used, quota 25 GB"), Text("4.1"), Styled(used, StyleNumber), Text("GB-månad"), Styled(price, StyleMoney2), Cell{},
					Formula(fmt.Sprintf("ROUND(G%d*I%d,2)", r, r), amount, StyleMoney2), Text("debiteras"), Text(""), Text("storage.csv"), Styled(r+1, StyleInt)); err != nil {
					return err
				}
			}
			return nil
		})
		if err := book.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
