import type Database from 'better-sqlite3'

/** The attachments' DDL, on the incident store's connection: a `--db` file keeps the files. */
const ATTACHMENT_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS attachments (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  doc_id       TEXT    NOT NULL UNIQUE,
  domain_id    TEXT    NOT NULL,
  doc_name     TEXT    NOT NULL,
  content_type TEXT    NOT NULL,
  size         INTEGER NOT NULL,
  -- Which upload route made it: 'external' (CreateExternalCocAttachment) or the ticket type.
  ticket_type  TEXT    NOT NULL,
  creator      TEXT    NOT NULL,
  create_time  INTEGER NOT NULL,
  content      BLOB    NOT NULL
);
`

interface AttachmentMeta {
  doc_id: string
  domain_id: string
  doc_name: string
  content_type: string
  size: number
  ticket_type: string
  creator: string
  create_time: number
}

export interface AttachmentRecord extends AttachmentMeta {
  content: Buffer
}

export interface AttachmentStore {
  /** Next value of the id counter (never reused until the store is cleared). */
  nextSeq (): number
  insert (record: AttachmentRecord): void
  /** The domain's attachment with its bytes. */
  get (domainId: string, docId: string): AttachmentRecord | undefined
  /** Which of these ids the domain has no attachment of, in the order given. */
  missing (domainId: string, docIds: readonly string[]): string[]
  clear (): void
}

export function openAttachmentStore (db: Database.Database): AttachmentStore {
  db.exec(ATTACHMENT_SCHEMA_SQL)
  const insertOne = db.prepare<Record<string, unknown>>(
    `INSERT INTO attachments (doc_id, domain_id, doc_name, content_type, size, ticket_type, creator, create_time, content)
     VALUES (@doc_id, @domain_id, @doc_name, @content_type, @size, @ticket_type, @creator, @create_time, @content)`)
  const selectOne = db.prepare<[string, string], AttachmentRecord>(
    'SELECT doc_id, domain_id, doc_name, content_type, size, ticket_type, creator, create_time, content FROM attachments WHERE domain_id = ? AND doc_id = ?')
  const selectExists = db.prepare<[string, string], { n: number }>('SELECT 1 AS n FROM attachments WHERE domain_id = ? AND doc_id = ?')
  const nextSeq = db.prepare<[], { seq: number }>(
    "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'attachments'), 0) + 1 AS seq")
  return {
    nextSeq: () => nextSeq.get()!.seq,
    insert: record => { insertOne.run({ ...record }) },
    get: (domainId, docId) => selectOne.get(domainId, docId),
    missing: (domainId, docIds) => docIds.filter(docId => selectExists.get(domainId, docId) === undefined),
    clear: () => { db.exec("DELETE FROM attachments; DELETE FROM sqlite_sequence WHERE name = 'attachments'") }
  }
}
