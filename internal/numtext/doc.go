// Package numtext writes numbers inside text as a reader of each language
// expects them: 26 229,00 and −18 000 and 27,45 % in Swedish (a no-break
// space between thousands, the minus sign U+2212, a decimal comma),
// 26,229.00 and -18,000 and 27.45% in English. Workbook cells carry their
// number formats instead; this is for sentences, console tables and web
// pages. Every function takes exact decimals: no float near a figure.
package numtext
