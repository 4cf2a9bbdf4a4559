// Package outdir writes a run's outputs into an output folder as one
// consistent set, and keeps a second run, a killed run or an interrupted
// run from leaving anything else behind.
//
// # The folder
//
//	OUT/.memberfee.lock                    the lock: held (flock) while a run writes OUT
//	OUT/.memberfee-staging/run-NNN/        one run's private area, under the lock
//	    files/NAME                         an output, written in full and synced
//	    memberfee-lines-NNN/               bill's spilled lines (any scratch folder)
//	    commit.json                        the commit record: the names to put in place
//	OUT/NAME, OUT/manifest.json            the outputs
//
// # The lock
//
// Open takes an exclusive flock on OUT/.memberfee.lock and writes into it
// who holds it (pid, command line, start time). A second run into the same
// folder waits for it; after Options.Wait it fails with a *LockedError
// naming the holder. The lock dies with its process (kill -9 included): no
// stale lock is ever broken by guessing. Close removes the file while still
// holding the lock; a run that locked a file someone removed meanwhile sees
// that its descriptor is no longer the file at the path and opens it again,
// so two runs never hold two different files.
//
// # The commit
//
// Every output is written to files/ of the run's area (Create, Add), the
// manifest last. Commit then:
//
//  1. checks that no output's place is taken by a folder (a rename that
//     cannot succeed is refused before anything moves);
//  2. syncs the staged files and writes commit.json (through a temporary
//     name, synced, renamed, the area synced): this is the commit point;
//  3. renames every staged file into OUT in the order staged (the manifest
//     last) and syncs OUT;
//  4. removes the run's area.
//
// A crash before step 2 completes leaves OUT exactly as it was (the old
// set, which verify passes) and an area without a commit record, which the
// next run into OUT removes. A crash after step 3 leaves the new set, which
// verify passes, and an area the next run removes. A crash inside step 3
// leaves some outputs new and the manifest old: no rename of several files
// is atomic on POSIX, so this window cannot be closed, only made safe.
// verify fails closed on it (the manifest's SHA-256 of the renamed outputs no
// longer match, and it names them), and the next run into OUT — before it
// does anything else, holding the lock — completes the renames from the
// commit record (roll forward), so the folder then holds the new set. A
// rename that fails in step 3 (a failing disk) leaves the record for that
// completion and says so. Pending reports such an unfinished commit, for a
// reader that wants to say why the folder does not verify.
//
// # Leftovers
//
// Open, holding the lock, removes what killed runs left in OUT: areas of
// .memberfee-staging without a commit record (with their spilled lines),
// and the ".NAME.NNN.tmp" files of memberfee versions before this package.
// It touches nothing else: no file outside OUT, no name it did not make.
// Abort (for SIGINT and SIGTERM) and Close remove the run's own area.
//
// # Tests
//
// The environment variable GOTEST_MEMBERFEE_PAUSE (PauseEnv) is for tests
// only: set to a point's name ("staged", "journal", "renamed:NAME",
// "committed"; the command adds "locked" and "spilled"), the run prints
// "memberfee: paused at POINT" on stderr and sleeps there until it is
// killed. Unset, it does nothing.
package outdir
