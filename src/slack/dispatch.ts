/** A listener as Bolt calls it, for one kind of request (button clicks, modal submissions, …). */
export type Listener<Args> = (args: Args) => Promise<void>;

/**
 * Several listeners behind one: `matches` is the id pattern to register with Bolt, `listener`
 * hands each request to the listener of its id.
 *
 * Why not one `app.action(id, …)` per id: Bolt runs the middleware chain of every registered
 * listener for every request it receives (a copy of the chain, an argument object per step, the
 * matcher's promise), only to find that one matches. With 13 listeners that was about a third of
 * the garbage the bot made per request in `npm run bench`, and its collection lengthened the ack
 * tail of every request. The listeners themselves stay one per file, as Bolt's template has them.
 */
export function dispatchById<Args>(
  listeners: Readonly<Record<string, Listener<Args>>>,
  idOf: (args: Args) => string,
): { matches: RegExp; listener: Listener<Args> } {
  const byId = new Map(Object.entries(listeners));
  const escaped = [...byId.keys()].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return {
    matches: new RegExp(`^(?:${escaped.join('|')})$`),
    listener: async (args) => {
      await byId.get(idOf(args))?.(args);
    },
  };
}
