import type { Db } from './database.js';
import type { RequestMessage, RequestMessagesTable } from './schema.js';

export async function rememberMessage(db: Db, message: RequestMessagesTable): Promise<void> {
  await db
    .insertInto('request_messages')
    .values(message)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function messagesOf(db: Db, requestId: string): Promise<RequestMessage[]> {
  return db
    .selectFrom('request_messages')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .execute();
}
