// Package fifotest holds what the tests of files that are not regular
// files share: a named pipe to refuse (Pipe) and a bound on the call that a
// pipe or a device used to hang (Within). Tests only.
package fifotest
