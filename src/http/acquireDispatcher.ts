import { rootCertificates } from 'node:tls';
import { Agent, type Client, type Dispatcher } from 'undici';
import type { TlsSettings } from './TlsSettings.js';

export interface DispatcherLease {
  readonly dispatcher: Dispatcher;
  /** Gives the lease back; the last one closes the agent and its idle keep-alive sockets. */
  release(): void;
}

interface SharedAgent {
  agent: Agent;
  users: number;
}

/** Idle keep-alive sockets stay open this long (undici's default, stated for the docs). */
const KEEP_ALIVE_MS = 4000;

/** The undici connection options for one TLS setting (of the shared agents and of ConnectionLanes). */
export function connectionOptions(tls: TlsSettings): Client.Options {
  return {
    keepAliveTimeout: KEEP_ALIVE_MS,
    connect: {
      rejectUnauthorized: !tls.insecure,
      // An extra CA is trusted besides the system ones, so public hosts keep working.
      ...(tls.ca ? { ca: [...rootCertificates, tls.ca] } : {}),
    },
  };
}

const agents = new Map<string, SharedAgent>();

/**
 * The process-wide undici Agent for one TLS setting: every component with the same setting
 * shares it, so connections are pooled and kept alive per origin across components.
 */
export function acquireDispatcher(tls: TlsSettings): DispatcherLease {
  const key = `${tls.insecure ? 'insecure' : 'verify'}:${tls.caPath ?? ''}`;
  let shared = agents.get(key);
  if (!shared) {
    shared = {
      agent: new Agent(connectionOptions(tls)),
      users: 0,
    };
    agents.set(key, shared);
  }
  const entry = shared;
  entry.users += 1;
  let released = false;
  return {
    dispatcher: entry.agent,
    release(): void {
      if (released) return;
      released = true;
      entry.users -= 1;
      if (entry.users > 0) return;
      if (agents.get(key) === entry) agents.delete(key);
      entry.agent.destroy().catch(() => undefined);
    },
  };
}
