// Package sie writes and reads SIE type 4I files (SIE-gruppen's "SIE
// filformat", edition 4C): vouchers for import into a ledger.
//
// Write writes a File as the standard asks of an import file: IBM code
// page 437 (#FORMAT PC8), CRLF line ends, text fields quoted with a quote
// inside written as \", dates as YYYYMMDD, amounts with a point and two
// decimals, #ORGNR as nnnnnn-nnnn, one #VER with its #TRANS rows in braces
// per voucher:
//
//	#FLAGGA 0
//	#KSUMMA
//	#PROGRAM "memberfee" "dev"
//	#FORMAT PC8
//	#GEN 20250501
//	#SIETYP 4
//	#FNAMN "Lekebergs kommun"
//	#ORGNR 212000-1843
//	#KONTO 1510 "Kundfordringar"
//	#DIM 8 "Motpart"
//	#OBJEKT 8 "1861" "Hallsberg"
//	#VER "" "" 20250407 "2025-0006 1861 Hallsberg"
//	{
//	#TRANS 1510 {8 "1861"} 1250.00
//	#TRANS 3540 {1 "4100" 8 "1861"} -1000.00
//	#TRANS 2611 {} -250.00
//	}
//	#KSUMMA 1234567890
//
// A character code page 437 cannot hold (€, a control character) or a
// backslash (which the standard's quoting cannot tell from an escape) is an
// error naming the field, never a '?'.
//
// # The checksum
//
// #KSUMMA is the standard's checksum (section "Kontrollsummering", its
// algorithm given there as C code; this follows that code as ported by
// public SIE libraries, and the rule as PITFALLS.md records it): CRC-32
// with the IEEE polynomial (reversed 0xEDB88320, initial value
// 0xFFFFFFFF, the result inverted: hash/crc32.ChecksumIEEE) over, in file
// order, every record after the opening "#KSUMMA" and before the closing
// "#KSUMMA <sum>": of each record its label (with the '#') and each field's
// content as code page 437 bytes, concatenated without anything between
// them — no spaces, no line ends, no quotes around a text, no escaping
// backslash (an escaped quote counts as the quote), no braces of an object
// list (its dimensions and object ids count, each as a field). The lines "{"
// and "}" of a voucher count nothing. The sum is written as an unsigned
// decimal number; Read accepts it negative too (a signed 32-bit reading of
// the same bits, which some writers use).
//
// Read reads what Write writes (and the same subset from other writers):
// it checks the flag first, the checksum, that every #TRANS account is a
// #KONTO and every object an #OBJEKT, and that every voucher balances to 0.
package sie
