import type { PGlite } from '@electric-sql/pglite';
import { openPgliteDatabase } from './pgliteAdapter';
import { openPostgresDatabase } from './postgresAdapter';

/** One result row as the driver returns it; callers map and validate the columns they selected. */
export type Row = Record<string, unknown>;

/** What both a database handle and an open transaction can do. */
export interface Queryable {
  /** One statement, with $1… parameters. */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  /** A script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** The PostgreSQL schema every statement runs in (search_path). */
  readonly schema: string;
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onPayload` with every NOTIFY on `channel` that any connection to this database commits,
   * from this process or another (PostgreSQL LISTEN; PGlite's own listen in one process). `null`
   * means notifications may have been missed (the listening connection was re-established).
   * Resolves, once listening, to a function that stops.
   */
  listen(channel: string, onPayload: (payload: string | null) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when given, the pg pool adapter is used. */
  databaseUrl?: string;
  /** Folder for the embedded database; the files live in `<dataDir>/pgdata`. Omitted: in memory. */
  dataDir?: string;
  /** An already-open PGlite to share (tests open one per file); closing the handle leaves it open. */
  pglite?: PGlite;
  /** Schema to create if missing and run in; default `public`. Tests use a fresh random one. */
  schema?: string;
}

export const DEFAULT_SCHEMA = 'public';

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const schema = validSchemaName(options.schema ?? DEFAULT_SCHEMA);
  if (options.databaseUrl) return openPostgresDatabase(options.databaseUrl, schema);
  return openPgliteDatabase({ dataDir: options.dataDir, shared: options.pglite, schema });
}

/** Schema names end up inside SQL text (search_path, CREATE SCHEMA), so only plain identifiers pass. */
export function validSchemaName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`schema name "${name}" must be lower-case letters, digits and underscores, starting with a letter or underscore`);
  }
  return name;
}

/** A schema name nobody else is using, for tests that must not see each other's rows. */
export function randomSchemaName(prefix = 'test'): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 10)}`;
}
