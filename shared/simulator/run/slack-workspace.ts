import type { ApiFetch } from '../../adapters/slack/web-api.js';

/** A message as the simulated workspace keeps it. */
export interface WorkspaceMessage {
  ts: string;
  channel: string;
  text: string;
  threadTs?: string;
  broadcast?: boolean;
  colour?: string;
  edits: number;
}

/** Tallies of an app-mode run: what a person scrolling the channel sees. */
export interface SlackAppCounts {
  /** Root messages: one per incident opening (and one per root found gone). */
  roots: number;
  /** Thread replies, one per later transition. */
  replies: number;
  /** chat.update calls that rewrote a root in place. */
  updates: number;
}

/** The simulated Slack workspace: a Web API `fetch` and what it holds. */
export interface SimSlackWorkspace {
  fetch: ApiFetch;
  messages: Map<string, WorkspaceMessage>;
  counts(): SlackAppCounts;
}

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

/**
 * An in-process Slack workspace answering chat.postMessage and chat.update like the Web API (a root per
 * call without thread_ts, a reply with one, message_not_found for an unknown ts), so the simulator runs the
 * real app-mode channel on virtual time without a network.
 */
export function createSimSlackWorkspace(now: () => number): SimSlackWorkspace {
  const messages = new Map<string, WorkspaceMessage>();
  let updates = 0;
  let sequence = 0;
  const fetch: ApiFetch = async (url, init) => {
    const method = url.split('/').pop() ?? '';
    const args = JSON.parse(String(init.body)) as Record<string, unknown>;
    const channel = String(args.channel);
    const text = typeof args.text === 'string' ? args.text : '';
    const colour = (args.attachments as Array<{ color?: string }> | undefined)?.[0]?.color;
    if (method === 'chat.postMessage') {
      sequence += 1;
      const ts = `${Math.floor(now() / 1000)}.${String(sequence).padStart(6, '0')}`;
      const message: WorkspaceMessage = { ts, channel, text, edits: 0 };
      if (typeof args.thread_ts === 'string') message.threadTs = args.thread_ts;
      if (args.reply_broadcast === true) message.broadcast = true;
      if (colour) message.colour = colour;
      messages.set(ts, message);
      return json({ ok: true, channel, ts });
    }
    if (method === 'chat.update') {
      const existing = messages.get(String(args.ts));
      if (!existing) return json({ ok: false, error: 'message_not_found' });
      updates += 1;
      messages.set(existing.ts, { ...existing, text, edits: existing.edits + 1, ...(colour ? { colour } : {}) });
      return json({ ok: true, channel, ts: existing.ts });
    }
    return json({ ok: false, error: 'unknown_method' });
  };
  return {
    fetch,
    messages,
    counts: () => {
      const all = [...messages.values()];
      return { roots: all.filter((m) => !m.threadTs).length, replies: all.filter((m) => m.threadTs).length, updates };
    },
  };
}
