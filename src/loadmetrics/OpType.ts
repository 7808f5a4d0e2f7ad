/** Mongoose's load operation types, in the order of their I/O type codes (io.trace.csv's IoTypeCode). */
export const OP_TYPES = ['NOOP', 'CREATE', 'READ', 'UPDATE', 'DELETE'] as const;

export type OpType = (typeof OP_TYPES)[number];

const BY_VERB: Record<string, OpType> = { POST: 'CREATE', GET: 'READ', HEAD: 'READ', PUT: 'UPDATE', PATCH: 'UPDATE', DELETE: 'DELETE' };

/** The operation type of an HTTP verb: POST creates, GET/HEAD read, PUT/PATCH update, DELETE deletes, anything else is NOOP. */
export function opTypeOfVerb(verb: string): OpType {
  return BY_VERB[verb.toUpperCase()] ?? 'NOOP';
}

/** io.trace.csv's IoTypeCode. */
export function ioTypeCode(opType: OpType): number {
  return OP_TYPES.indexOf(opType);
}
