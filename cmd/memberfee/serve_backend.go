package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"memberfee/issuing"
	"memberfee/ledger"
	"memberfee/web"
)

// servingKey marks the context of a command memberfee serve runs: a
// signal then stops the server (which lets the command finish), not the
// command.
type servingKey struct{}

// serving reports whether cmd runs under memberfee serve.
func serving(cmd *cobra.Command) bool {
	ctx := cmd.Context()
	return ctx != nil && ctx.Value(servingKey{}) != nil
}

// serveBackend is the web view's web.Backend: the commands themselves.
// Approve, Issue, Correct and Download run approve, issue, correct, bill,
// ledger statement and export as their command lines, with the signed-in
// user as --by; Draft rates a period as approve does, recording nothing.
type serveBackend struct {
	config, ledger, out, lang, date, generated string
}

// command runs memberfee with args (and the server's --config, --ledger,
// --generated) and returns what it printed; an error it stops with is a
// *web.Refusal when the rules refused.
func (b *serveBackend) command(ctx context.Context, args ...string) (stdout, stderr string, err error) {
	args = append(args, "--config", b.config)
	if b.ledger != "" {
		args = append(args, "--ledger", b.ledger)
	}
	if b.generated != "" {
		args = append(args, "--generated", b.generated)
	}
	var o, e bytes.Buffer
	ctx = context.WithValue(context.WithoutCancel(ctx), servingKey{}, true)
	_, err = execute(ctx, args, &o, &e)
	if err == nil {
		return o.String(), e.String(), nil
	}
	if ref := webRefusal(err, e.String()); ref != nil {
		return o.String(), e.String(), ref
	}
	return o.String(), e.String(), fmt.Errorf("memberfee %s: %w\n%s", args[0], err, e.String())
}

func periodFlags(p ledger.Period) []string {
	return []string{"--from", p.From.Format(time.DateOnly), "--to", p.To.Format(time.DateOnly)}
}

// recording runs a recording command and lists the documents it recorded.
func (b *serveBackend) recording(ctx context.Context, args ...string) (*web.Outcome, error) {
	if b.date != "" {
		args = append(args, "--date", b.date)
	}
	before, err := b.recorded()
	if err != nil {
		return nil, err
	}
	stdout, stderr, err := b.command(ctx, args...)
	if err != nil {
		return nil, err
	}
	after, err := b.recorded()
	if err != nil {
		return nil, err
	}
	out := &web.Outcome{Message: stdout, Details: stderr}
	for _, d := range after {
		if d.Seq > lastSeq(before) {
			out.Documents = append(out.Documents, d.Number)
		}
	}
	return out, nil
}

func lastSeq(docs []ledger.Document) int64 {
	var n int64
	for _, d := range docs {
		n = max(n, d.Seq)
	}
	return n
}

// recorded lists the ledger's documents; none when it does not exist yet.
func (b *serveBackend) recorded() ([]ledger.Document, error) {
	c, err := loadForBilling(b.config)
	if err != nil {
		return nil, err
	}
	if !fileExists(c.LedgerPath(b.ledger)) {
		return nil, nil
	}
	l, err := openLedger(c, &ledgerFlags{ledger: b.ledger}, true)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	return documents(l, ledger.Filter{})
}

func (b *serveBackend) Approve(ctx context.Context, p ledger.Period, by, content string) (*web.Outcome, error) {
	args := append([]string{"approve", "--by", by, "--quiet"}, periodFlags(p)...)
	if content != "" {
		args = append(args, "--content", content)
	}
	return b.recording(ctx, args...)
}

func (b *serveBackend) Issue(ctx context.Context, p ledger.Period, by, content string, allowRejected bool) (*web.Outcome, error) {
	args := append([]string{"issue", "--by", by, "--out", b.out, "--lang", b.lang, "--quiet"}, periodFlags(p)...)
	if content != "" {
		args = append(args, "--content", content)
	}
	if allowRejected {
		args = append(args, "--allow-rejected")
	}
	return b.recording(ctx, args...)
}

func (b *serveBackend) Correct(ctx context.Context, p ledger.Period, by, reason string, allowRejected bool) (*web.Outcome, error) {
	args := append([]string{"correct", "--by", by, "--reason", reason, "--out", b.out, "--lang", b.lang, "--quiet"}, periodFlags(p)...)
	if allowRejected {
		args = append(args, "--allow-rejected")
	}
	return b.recording(ctx, args...)
}

// Draft rates p as approve does, recording nothing: the documents issue
// would record (their lines in memory), the rejected rows and the content
// hash approve would record.
func (b *serveBackend) Draft(ctx context.Context, p ledger.Period) (*web.Draft, error) {
	f := &ledgerFlags{ledger: b.ledger, date: b.date}
	lp, err := loadPeriod(f, b.config, p.From.Format(time.DateOnly), p.To.Format(time.DateOnly))
	if err != nil {
		return nil, asRefusal(err)
	}
	c := lp.c
	if fileExists(c.LedgerPath(b.ledger)) {
		l, err := openLedger(c, f, true)
		if err != nil {
			return nil, asRefusal(err)
		}
		lp.state, err = readLedgerState(l)
		l.Close()
		if err != nil {
			return nil, asRefusal(ledgerError(c.LedgerPath(b.ledger), err))
		}
	}
	rated := time.Now()
	bill, done, err := lp.rateAside(io.Discard, "serve", true)
	if err != nil {
		return nil, asRefusal(err)
	}
	defer done()
	rec, err := newRecord(&cobra.Command{}, c, bill.Stem)
	if err != nil {
		return nil, err
	}
	if err := rec.addBillInputs(bill); err != nil {
		return nil, err
	}
	inputs, cfgHash := rec.ledgerInputs()
	docs := issuing.Chargebacks(bill.Result, issuing.Stamp{IssueDate: lp.date, PaymentTermsDays: c.PaymentTerms()}, inputs, cfgHash, len(bill.Summary.Rejected) > 0)
	for i := range docs {
		var lines []ledger.Line
		if err := docs[i].EachLine(func(l *ledger.Line) error { lines = append(lines, *l); return nil }); err != nil {
			return nil, fmt.Errorf("reading the lines of member %s: %w", docs[i].Member, err)
		}
		docs[i].Lines, docs[i].Stream = lines, nil
	}
	content, err := ledger.HashContent(docs)
	if err != nil {
		return nil, err
	}
	return &web.Draft{Period: lp.period, Documents: docs, Rejected: bill.Summary.Rejected, Inputs: inputs, ContentHash: content, RatedAt: rated}, nil
}

// webRefusal is err as the page shows a refusal (bad input, a usage error, a
// rule that refused); nil for any other error.
func webRefusal(err error, details string) *web.Refusal {
	if ie, ok := errors.AsType[*inputError](err); ok {
		reason := web.RefusalReason(ie.refusal)
		if reason == "" {
			reason = web.RefusedInput
		}
		return &web.Refusal{Reason: reason, Message: ie.Error(), Details: details}
	}
	if ue, ok := errors.AsType[*usageError](err); ok {
		return &web.Refusal{Reason: web.RefusedInput, Message: ue.Error(), Details: details}
	}
	return nil
}

// asRefusal is err, as a refusal when it is one.
func asRefusal(err error) error {
	if ref := webRefusal(err, ""); ref != nil {
		return ref
	}
	return err
}

// Download makes the file with the command that makes it, in a temporary
// folder removed before it returns (the file is read into memory).
func (b *serveBackend) Download(ctx context.Context, d web.Download) (*web.File, error) {
	dir, err := os.MkdirTemp("", "memberfee-serve-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	lang := d.Lang
	if lang == "" {
		lang = b.lang
	}
	stem := fmt.Sprintf("chargeback-%s_%s", d.Period.From.Format(time.DateOnly), d.Period.To.Format(time.DateOnly))
	var name string
	switch d.Kind {
	case "bill", "lines", "json":
		switch {
		case d.Kind == "lines":
			name = stem + "-lines.csv"
		case d.Kind == "json":
			name = stem + ".json"
		case d.Member != "":
			name = stem + "-" + d.Member + ".xlsx"
		default:
			name = stem + ".xlsx"
		}
		// An issued period's outputs are what issue --again writes, with
		// its numbers on them, or nothing: when the inputs no longer give
		// what was issued, the figures bill would make were never issued,
		// and the refusal says to correct the period. Only a draft gets
		// bill's outputs, named a draft's.
		issued, err := b.issued(d.Period)
		if err != nil {
			return nil, err
		}
		if issued {
			by := d.By
			if strings.TrimSpace(by) == "" {
				by = osUser()
			}
			args := append([]string{"issue", "--again", "--by", by, "--out", dir, "--lang", lang, "--quiet", "--allow-rejected"}, periodFlags(d.Period)...)
			if _, _, err := b.command(ctx, args...); err != nil {
				if ref, refused := errors.AsType[*web.Refusal](err); refused {
					return nil, &web.Refusal{Reason: web.RefusedConflict, Message: ref.Message, Details: ref.Details}
				}
				return nil, err
			}
			break
		}
		if _, _, err := b.command(ctx, append([]string{"bill", "--out", dir, "--lang", lang, "--quiet"}, periodFlags(d.Period)...)...); err != nil {
			return nil, err
		}
		f, err := readDownload(filepath.Join(dir, name), name)
		if f != nil {
			f.Name = draftPrefix[lang] + name
		}
		return f, err
	case "statement":
		name = fmt.Sprintf("statement-%s-%d.xlsx", d.Member, d.Year)
		if _, _, err := b.command(ctx, "ledger", "statement", "--member", d.Member, "--year", fmt.Sprint(d.Year), "--out", dir, "--lang", lang); err != nil {
			return nil, err
		}
	case "sie", "csv", "peppol":
		return b.export(ctx, d, dir)
	default:
		return nil, fmt.Errorf("no download of kind %q", d.Kind)
	}
	return readDownload(filepath.Join(dir, name), name)
}

// draftPrefix begins the name of a draft's download: what bill makes of a
// period not issued, never a document.
var draftPrefix = map[string]string{"sv": "utkast-", "en": "draft-"}

// issued reports whether period p has chargeback documents in the ledger.
func (b *serveBackend) issued(p ledger.Period) (bool, error) {
	docs, err := b.recorded()
	if err != nil {
		return false, err
	}
	for _, d := range docs {
		if d.Kind == ledger.Chargeback && d.Period.Equal(p) {
			return true, nil
		}
	}
	return false, nil
}

// export makes the SIE file, invoice basis CSV or Peppol e-invoices of a
// year's documents (d.Year), or of a period's: those issued on the days
// the period's documents were issued, or d.Member's in the period.
func (b *serveBackend) export(ctx context.Context, d web.Download, dir string) (*web.File, error) {
	var sel []string
	var what string
	var numbers []string
	if d.Year != 0 && d.Period.From.IsZero() {
		sel, what = []string{"--year", fmt.Sprint(d.Year)}, fmt.Sprint(d.Year)
	} else {
		docs, err := b.recorded()
		if err != nil {
			return nil, err
		}
		var first, last time.Time
		for _, doc := range docs {
			if doc.Kind == ledger.Fee || !doc.Period.Equal(d.Period) || (d.Member != "" && doc.Member != d.Member) {
				continue
			}
			numbers = append(numbers, doc.Number)
			if first.IsZero() || doc.IssueDate.Before(first) {
				first = doc.IssueDate
			}
			if doc.IssueDate.After(last) {
				last = doc.IssueDate
			}
		}
		if len(numbers) == 0 {
			return nil, &web.Refusal{Reason: web.RefusedInput, Message: fmt.Sprintf("%s – %s has no issued document to export", d.Period.From.Format(time.DateOnly), d.Period.To.Format(time.DateOnly))}
		}
		sel = []string{"--from", first.Format(time.DateOnly), "--to", last.Format(time.DateOnly)}
		what = d.Period.From.Format(time.DateOnly) + "_" + d.Period.To.Format(time.DateOnly)
		if d.Member != "" {
			what += "-" + d.Member
		}
	}
	switch d.Kind {
	case "sie", "csv":
		ext := map[string]string{"sie": ".si", "csv": ".csv"}[d.Kind]
		name := "export-" + what + ext
		if d.Member != "" && len(numbers) == 1 && d.Kind == "csv" {
			sel = []string{"--number", numbers[0]}
		}
		if _, _, err := b.command(ctx, append([]string{"export", d.Kind, "--out", filepath.Join(dir, name)}, sel...)...); err != nil {
			return nil, err
		}
		return readDownload(filepath.Join(dir, name), name)
	}
	// Peppol: one e-invoice a document; several in a zip.
	xml := filepath.Join(dir, "peppol")
	if len(numbers) > 0 {
		for _, n := range numbers {
			if _, _, err := b.command(ctx, "export", "peppol", "--out", xml, "--number", n); err != nil {
				return nil, err
			}
		}
	} else if _, _, err := b.command(ctx, append([]string{"export", "peppol", "--out", xml}, sel...)...); err != nil {
		return nil, err
	}
	files, err := os.ReadDir(xml)
	if err != nil {
		return nil, err
	}
	if len(files) == 1 {
		return readDownload(filepath.Join(xml, files[0].Name()), files[0].Name())
	}
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	names := make([]string, 0, len(files))
	for _, f := range files {
		names = append(names, f.Name())
	}
	slices.Sort(names)
	for _, n := range names {
		body, err := os.ReadFile(filepath.Join(xml, n))
		if err != nil {
			return nil, err
		}
		w, err := zw.Create(n)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	name := "peppol-" + what + ".zip"
	return &web.File{Name: name, ContentType: "application/zip", Body: bytes.NewReader(zb.Bytes()), ModTime: time.Now()}, nil
}

// readDownload reads the file a command made.
func readDownload(path, name string) (*web.File, error) {
	body, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("the command made no %s: %w", name, err)
	}
	types := map[string]string{".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".json": "application/json",
		".csv": "text/csv; charset=utf-8", ".si": "text/plain; charset=IBM437", ".xml": "application/xml"}
	return &web.File{Name: name, ContentType: types[filepath.Ext(name)], Body: bytes.NewReader(body), ModTime: time.Now()}, nil
}
