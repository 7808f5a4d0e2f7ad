import { RESULTS_TABLES } from './resultsTables.js';
import { quoteIdent } from './quoteIdent.js';
import { qualifiedTable } from './qualifiedTable.js';

/** The statements that create the schema (if named) and every table that does not exist yet. */
export function resultsSchemaDdl(schema: string, prefix: string): string[] {
  const out: string[] = [];
  if (schema) out.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  for (const t of RESULTS_TABLES) {
    const lines = t.columns.map((c) => `  ${quoteIdent(c.name)} ${c.type}${c.notNull ? ' NOT NULL' : ''}${c.default === undefined ? '' : ` DEFAULT ${c.default}`}`);
    lines.push(`  PRIMARY KEY (${quoteIdent(t.primaryKey)})`);
    for (const fk of t.foreignKeys) {
      const ref = RESULTS_TABLES.find((r) => r.name === fk.table)!;
      lines.push(
        `  CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${quoteIdent(fk.column)}) REFERENCES ${qualifiedTable(schema, prefix, fk.table)} (${quoteIdent(ref.primaryKey)}) MATCH SIMPLE ON UPDATE NO ACTION ON DELETE NO ACTION`,
      );
    }
    out.push(`CREATE TABLE IF NOT EXISTS ${qualifiedTable(schema, prefix, t.name)}\n(\n${lines.join(',\n')}\n)`);
  }
  return out;
}
