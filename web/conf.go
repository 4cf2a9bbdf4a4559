package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"memberfee/config"
)

// confState is the config the pages show: the one serve loaded, loaded
// again (config.Load and the billing checks, as serve does) when its file
// changes size or time — the Backend's commands read the file themselves,
// so the pages' members, period and inputs stay the commands' own.
type confState struct {
	mu    sync.Mutex
	c     *config.Config // the last one that loaded
	stamp string         // of the file c or err was read from
	err   error          // why the file as it is now does not load
}

// startConfig takes the config New was given as the one loaded.
func (s *Server) startConfig() {
	s.st.conf.c = s.o.Config
	if s.o.Config.Path != "" {
		s.st.conf.stamp = fileStamp(s.o.Config.Path)
	}
}

// cfg is the config the pages show (the last one that loaded).
func (s *Server) cfg() *config.Config {
	s.st.conf.mu.Lock()
	defer s.st.conf.mu.Unlock()
	return s.st.conf.c
}

// reloadConfig loads the config again when its file changed since it was
// last read, and returns why it does not load (nil when it does).
func (s *Server) reloadConfig() error {
	path := s.o.Config.Path
	if path == "" {
		return nil // a config made in memory (the tests)
	}
	stamp := fileStamp(path)
	s.st.conf.mu.Lock()
	defer s.st.conf.mu.Unlock()
	if stamp == s.st.conf.stamp {
		return s.st.conf.err
	}
	c, err := loadConfig(path)
	s.st.conf.stamp, s.st.conf.err = stamp, err
	if err == nil {
		s.st.conf.c = c
	}
	return err
}

// loadConfig is config.Load and the billing checks memberfee serve makes.
func loadConfig(path string) (*config.Config, error) {
	c, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	if errs := c.ValidateBilling(); len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		return nil, errors.New(strings.Join(msgs, "\n"))
	}
	return c, nil
}

// page is h behind the config's check: while the config file does not
// load, every page says why (a 500), never figures of the config before.
func (s *Server) page(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.reloadConfig(); err != nil {
			head, _ := s.lang().t("config_broken")
			s.render(w, r, http.StatusInternalServerError, "error", fmt.Sprintf(head, s.o.Config.Path)+"\n"+err.Error())
			return
		}
		h(w, r)
	}
}
