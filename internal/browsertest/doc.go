// Package browsertest drives a real browser (Debian's chromium, through
// github.com/chromedp/chromedp) for the web view's tests: one headless
// chromium per test, tabs that each have their own cookies (their own
// browser context, as two people at two desks), and a record of what each
// tab asked for (every request's URL) and every JavaScript dialog that
// opened, so that a test can prove a page loads nothing from outside the
// server and that no injected script ran.
//
// Start finds chromium at $CHROMIUM, else /usr/bin/chromium (or chromium
// on the PATH). Without one the test is skipped with a message saying what
// to install — but it fails when CI=true, so that CI cannot pass by not
// running the browser tests.
package browsertest
