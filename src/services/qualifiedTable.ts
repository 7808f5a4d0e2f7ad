import { quoteIdent } from './quoteIdent.js';

/** `"schema"."<prefix>table"`, or the bare prefixed name when no schema is given. */
export function qualifiedTable(schema: string, prefix: string, table: string): string {
  return schema ? `${quoteIdent(schema)}.${quoteIdent(prefix + table)}` : quoteIdent(prefix + table);
}
