import type { Scope } from '../http/context.js';

export interface InAppNotification {
  userId: string;
  kind: string;
  title: string;
  body: string;
  link?: string | null;
}

/** The in-app feed: written in the caller's transaction, read by the user's home page. */
export async function notify(scope: Scope, n: InAppNotification): Promise<void> {
  await notificationInsert(scope, n).execute();
}

/** The insert `notify` runs, for callers that send it with their other writes in one statement. */
export function notificationInsert(scope: Scope, n: InAppNotification) {
  return scope.tx.insertInto('notifications').values({
    tenant_id: scope.tenant.id,
    user_id: n.userId,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link ?? null,
  });
}
