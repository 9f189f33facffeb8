import type { Scope } from '../http/context.js';
export interface InAppNotification {
    userId: string;
    kind: string;
    title: string;
    body: string;
    link?: string | null;
}
/** The in-app feed: written in the caller's transaction, read by the user's home page. */
export declare function notify(scope: Scope, n: InAppNotification): Promise<void>;
