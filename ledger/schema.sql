-- memberfee ledger, schema version 1.
--
-- Every table is append-only: the triggers at the end refuse UPDATE and
-- DELETE, so an issued document is corrected by recording a correction,
-- never by changing a row. Dates are text 'YYYY-MM-DD' (calendar days in
-- Europe/Stockholm); money and quantities are text holding the exact
-- decimal (no floating point anywhere). Hashes are 32-byte SHA-256 blobs;
-- how they are computed is described in canon.go.

-- texts interns the texts that lines repeat (categories, departments,
-- clauses, descriptions, units, statuses, reasons, notes, file names …):
-- a national year has ~400 000 lines and few distinct such texts. A line
-- column marked "→ texts" holds a texts id; line_texts shows them as text.
CREATE TABLE texts (
    id   INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);

CREATE TABLE documents (
    seq          INTEGER PRIMARY KEY,          -- order of recording, 1, 2, 3 … without gaps
    number       TEXT    NOT NULL UNIQUE,      -- '<year>-<nnnn>'
    year         INTEGER NOT NULL,             -- calendar year of issue_date: the series
    n            INTEGER NOT NULL,             -- place in the year's series, 1, 2, 3 … without gaps
    kind         TEXT    NOT NULL CHECK (kind IN ('fee', 'chargeback', 'correction')),
    member       TEXT    NOT NULL CHECK (member <> ''),
    period_from  TEXT    NOT NULL,
    period_to    TEXT    NOT NULL CHECK (period_to >= period_from),
    total        TEXT    NOT NULL,             -- net, Σ of the lines' amounts
    corrects     TEXT    REFERENCES documents (number),  -- a correction's: the document it corrects
    installment  INTEGER,                      -- a fee document's K of installments; NULL otherwise
    installments INTEGER,
    issue_date   TEXT    NOT NULL,
    due_date     TEXT    NOT NULL,
    issued_by    TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    counts       TEXT    NOT NULL,             -- JSON {"category": {"Charged": n, "Included": n, "Rejected": n}}
    inputs       TEXT    NOT NULL,             -- JSON [{"Category", "Name", "SHA256", "Rows"}]
    config_hash  TEXT    NOT NULL,
    content_hash TEXT    NOT NULL,
    lines        INTEGER NOT NULL,             -- how many lines it has
    hash         BLOB    NOT NULL,             -- chain hash, see canon.go
    UNIQUE (year, n),
    CHECK (number = year || '-' || substr('0000' || n, -max(4, length(n)))),
    CHECK ((kind = 'fee') = (installment IS NOT NULL)),
    CHECK (installment IS NULL OR (installment BETWEEN 1 AND installments))
);

-- A member's installment K of a year's fee is issued once: the building
-- block that makes two concurrent `issue --installment K` runs record once.
CREATE UNIQUE INDEX fee_installment_once
    ON documents (substr(period_from, 1, 4), installment, member) WHERE kind = 'fee';
CREATE INDEX documents_by_member ON documents (member, issue_date);
CREATE INDEX documents_by_issue_date ON documents (issue_date);
CREATE INDEX documents_by_period ON documents (period_from, period_to);

CREATE TABLE lines (                           -- NULL in a column is an empty field
    doc         INTEGER NOT NULL REFERENCES documents (seq) DEFERRABLE INITIALLY DEFERRED,
    n           INTEGER NOT NULL,              -- 1, 2, 3 … in the document's order
    key         TEXT,                          -- the line's identity for corrections
    category    INTEGER,                       -- → texts
    department  INTEGER,                       -- → texts
    clause      INTEGER,                       -- → texts
    date        TEXT,                          -- 'YYYY-MM-DD' of its row
    ref         TEXT,
    description INTEGER,                       -- → texts
    quantity    TEXT NOT NULL,
    unit        INTEGER,                       -- → texts
    unit_price  TEXT NOT NULL,
    extra       TEXT NOT NULL,
    amount      TEXT NOT NULL,
    status      INTEGER,                       -- → texts: charged, rejected
    col         INTEGER,                       -- → texts: the column of a rejected line
    reason      INTEGER,                       -- → texts
    note        INTEGER,                       -- → texts
    file        INTEGER,                       -- → texts: the input file as the config names it
    row         INTEGER NOT NULL,              -- its row in the file; 0 for a derived line
    change      INTEGER,                       -- → texts: a correction line's added, removed, changed
    old         TEXT NOT NULL,                 -- a correction line's issued amount
    new         TEXT NOT NULL,                 -- and re-rated one
    hash        BLOB NOT NULL,                 -- chained to the previous line (line 1 to the previous document)
    PRIMARY KEY (doc, n)
) WITHOUT ROWID;

-- The lines as a person reads them (sqlite3 memberfee.db 'SELECT * FROM line_texts').
CREATE VIEW line_texts AS
SELECT d.number, l.n, l.key, tc.text AS category, td.text AS department, tl.text AS clause, l.date, l.ref,
       tx.text AS description, l.quantity, tu.text AS unit, l.unit_price, l.extra, l.amount, ts.text AS status,
       tco.text AS col, tr.text AS reason, tn.text AS note, tf.text AS file, l.row, tch.text AS change, l.old, l.new
FROM lines l JOIN documents d ON d.seq = l.doc
LEFT JOIN texts tc ON tc.id = l.category LEFT JOIN texts td ON td.id = l.department
LEFT JOIN texts tl ON tl.id = l.clause LEFT JOIN texts tx ON tx.id = l.description
LEFT JOIN texts tu ON tu.id = l.unit LEFT JOIN texts ts ON ts.id = l.status
LEFT JOIN texts tco ON tco.id = l.col LEFT JOIN texts tr ON tr.id = l.reason
LEFT JOIN texts tn ON tn.id = l.note LEFT JOIN texts tf ON tf.id = l.file
LEFT JOIN texts tch ON tch.id = l.change;

-- Each document's total per category, so a statement reads no lines.
CREATE TABLE document_totals (
    doc      INTEGER NOT NULL REFERENCES documents (seq),
    category TEXT    NOT NULL,
    total    TEXT    NOT NULL,
    PRIMARY KEY (doc, category)
) WITHOUT ROWID;

CREATE TABLE adoptions (
    id          INTEGER PRIMARY KEY,           -- order of recording
    year        INTEGER NOT NULL,
    revision    INTEGER NOT NULL CHECK (revision >= 1),
    adopted_by  TEXT    NOT NULL,
    date        TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    config_hash TEXT    NOT NULL,
    hash        BLOB    NOT NULL,              -- chained, covers its fees and installments
    UNIQUE (year, revision)
);

CREATE TABLE adopted_fees (
    adoption INTEGER NOT NULL REFERENCES adoptions (id),
    pos      INTEGER NOT NULL,                 -- order as adopted
    member   TEXT    NOT NULL,
    name     TEXT    NOT NULL,
    fee      TEXT    NOT NULL,
    PRIMARY KEY (adoption, pos),
    UNIQUE (adoption, member)
) WITHOUT ROWID;

CREATE TABLE adopted_installments (
    adoption INTEGER NOT NULL REFERENCES adoptions (id),
    member   TEXT    NOT NULL,
    k        INTEGER NOT NULL CHECK (k >= 1),
    amount   TEXT    NOT NULL,
    due_date TEXT    NOT NULL,
    PRIMARY KEY (adoption, member, k),
    FOREIGN KEY (adoption, member) REFERENCES adopted_fees (adoption, member)
) WITHOUT ROWID;

CREATE TABLE approvals (
    id           INTEGER PRIMARY KEY,          -- order of recording
    period_from  TEXT NOT NULL,
    period_to    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    approved_by  TEXT NOT NULL,
    date         TEXT NOT NULL,
    hash         BLOB NOT NULL                 -- chained
);
CREATE INDEX approvals_by_content ON approvals (content_hash);

-- Nothing recorded is ever changed.
CREATE TRIGGER texts_no_update BEFORE UPDATE ON texts
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: recorded texts are never changed; record a correction'); END;
CREATE TRIGGER texts_no_delete BEFORE DELETE ON texts
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: recorded texts are never deleted; record a correction'); END;
CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: issued documents are never changed; record a correction'); END;
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: issued documents are never deleted; record a correction'); END;
CREATE TRIGGER lines_no_update BEFORE UPDATE ON lines
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: issued lines are never changed; record a correction'); END;
CREATE TRIGGER lines_no_delete BEFORE DELETE ON lines
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: issued lines are never deleted; record a correction'); END;
CREATE TRIGGER document_totals_no_update BEFORE UPDATE ON document_totals
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: issued totals are never changed; record a correction'); END;
CREATE TRIGGER document_totals_no_delete BEFORE DELETE ON document_totals
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: issued totals are never deleted; record a correction'); END;
CREATE TRIGGER adoptions_no_update BEFORE UPDATE ON adoptions
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: adoptions are never changed; adopt again with --revise'); END;
CREATE TRIGGER adoptions_no_delete BEFORE DELETE ON adoptions
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: adoptions are never deleted; adopt again with --revise'); END;
CREATE TRIGGER adopted_fees_no_update BEFORE UPDATE ON adopted_fees
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: adopted fees are never changed; adopt again with --revise'); END;
CREATE TRIGGER adopted_fees_no_delete BEFORE DELETE ON adopted_fees
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: adopted fees are never deleted; adopt again with --revise'); END;
CREATE TRIGGER adopted_installments_no_update BEFORE UPDATE ON adopted_installments
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: adopted installments are never changed; adopt again with --revise'); END;
CREATE TRIGGER adopted_installments_no_delete BEFORE DELETE ON adopted_installments
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: adopted installments are never deleted; adopt again with --revise'); END;
CREATE TRIGGER approvals_no_update BEFORE UPDATE ON approvals
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: approvals are never changed; record a new approval'); END;
CREATE TRIGGER approvals_no_delete BEFORE DELETE ON approvals
BEGIN SELECT RAISE(ABORT, 'memberfee ledger: approvals are never deleted; record a new approval'); END;
