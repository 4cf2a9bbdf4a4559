package web

import (
	"errors"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"

	"memberfee/ledger"
)

// actionState holds the recording lock: the server records one thing at a
// time (the ledger would make a second recorder wait anyway; here the
// second sees the first's outcome, for instance the period issued).
type actionState struct {
	mu sync.Mutex
}

// actionRoutes registers the changes (POST only): approve, issue, correct.
// A GET of one of them is 405.
func (s *Server) actionRoutes(mux *http.ServeMux) {
	for _, a := range []string{"approve", "issue", "correct"} {
		mux.HandleFunc("POST /period/{period}/"+a, s.action(a))
		mux.HandleFunc("GET /period/{period}/"+a, methodNotAllowed)
	}
}

// outcomeData is the outcome page's.
type outcomeData struct {
	Action    string // approve, issue, correct
	Period    ledger.Period
	Back      string // the period's page
	Done      bool   // recorded
	Reason    RefusalReason
	Message   string
	Details   string
	Documents []string
}

// actionPeriod reads a period written 2025-01-01_2025-03-31.
func actionPeriod(s string) (ledger.Period, bool) {
	from, to, ok := strings.Cut(s, "_")
	if !ok {
		return ledger.Period{}, false
	}
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil || t.Before(f) {
		return ledger.Period{}, false
	}
	return ledger.Period{From: f, To: t}, true
}

func (s *Server) action(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok := actionPeriod(r.PathValue("period"))
		if !ok {
			s.notFound(w, r)
			return
		}
		by := userOf(r)
		if strings.TrimSpace(by) == "" {
			s.render(w, r, http.StatusForbidden, "signedout", nil)
			return
		}
		d := outcomeData{Action: name, Period: p, Back: "/period/" + r.PathValue("period")}
		allowRejected := r.PostFormValue("allow_rejected") != ""
		reason := strings.TrimSpace(r.PostFormValue("reason"))
		// The content the page showed (its approve and issue forms carry
		// the draft's ContentHash): what is approved or issued is what was
		// reviewed, or nothing.
		content := strings.TrimSpace(r.PostFormValue("content"))
		if name == "correct" && reason == "" {
			d.Reason = RefusedInput
			d.Message, _ = s.lang().t("needs_reason")
			s.render(w, r, http.StatusUnprocessableEntity, "outcome", d)
			return
		}
		s.actions.mu.Lock()
		var out *Outcome
		var err error
		switch name {
		case "approve":
			out, err = s.o.Backend.Approve(r.Context(), p, by, content)
		case "issue":
			out, err = s.o.Backend.Issue(r.Context(), p, by, content, allowRejected)
		case "correct":
			out, err = s.o.Backend.Correct(r.Context(), p, by, reason, allowRejected)
		}
		s.invalidate()
		s.actions.mu.Unlock()
		status := http.StatusOK
		var ref *Refusal
		switch {
		case errors.As(err, &ref):
			d.Reason, d.Message, d.Details = ref.Reason, ref.Message, ref.Details
			status = http.StatusUnprocessableEntity
			if ref.Reason == RefusedFourEyes || ref.Reason == RefusedOverlap || ref.Reason == RefusedConflict || ref.Reason == RefusedChanged {
				status = http.StatusConflict
			}
		case err != nil:
			// The detail (a command's stderr, paths) is for the server's
			// log; the page says that it failed and nothing was recorded.
			log.Printf("web: %s %s by %s: %v", name, r.PathValue("period"), by, err)
			status = http.StatusInternalServerError
		case out != nil:
			d.Done, d.Message, d.Details, d.Documents = true, out.Message, out.Details, out.Documents
		default:
			d.Done = true
		}
		s.render(w, r, status, "outcome", d)
	}
}
