package lotest
import "testing"
func TestTmp(t *testing.T){
 m, n := CheckFormulas(t, "/tmp/out/allocation-2025.xlsx")
 t.Logf("%d formulas", n)
 for _, x := range m { t.Log(x) }
}
