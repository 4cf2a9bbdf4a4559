package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// progress shows how a long run is going on stderr — only when stderr is
// a terminal, only once the run has taken a second, and never with --quiet.
type progress struct {
	w           io.Writer
	rows, books atomic.Int64
	totalBooks  atomic.Int64
	stop        chan struct{}
	done        sync.WaitGroup
	shown       bool
}

// startProgress starts showing progress on w when it is a terminal.
func startProgress(w io.Writer, quiet bool) *progress {
	p := &progress{w: w, stop: make(chan struct{})}
	f, ok := w.(*os.File)
	if quiet || !ok {
		return p
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return p
	}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		start := time.Now()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-tick.C:
				if time.Since(start) < time.Second {
					continue
				}
				p.shown = true
				if total := p.totalBooks.Load(); total > 0 {
					fmt.Fprintf(p.w, "\rwriting workbooks: %d of %d   ", p.books.Load(), total)
				} else {
					fmt.Fprintf(p.w, "\rreading and rating: %d rows   ", p.rows.Load())
				}
			}
		}
	}()
	return p
}

// finish stops showing progress and clears the line.
func (p *progress) finish() {
	select {
	case <-p.stop:
		return
	default:
		close(p.stop)
	}
	p.done.Wait()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
